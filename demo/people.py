"Names for generated patients: plausible, varied and repeatable."
import random

FIRST_NAMES = [
    'Lucía', 'Hugo', 'Martina', 'Daniel', 'Sofía', 'Pablo', 'María',
    'Alejandro', 'Paula', 'Álvaro', 'Julia', 'Adrián', 'Carmen', 'Javier',
    'Elena', 'Sergio', 'Laura', 'Diego', 'Marta', 'Manuel', 'Irene', 'Raúl',
    'Nuria', 'Jorge', 'Ana', 'Iván', 'Claudia', 'Mario', 'Noelia', 'Rubén',
    ]
LAST_NAMES = [
    'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez',
    'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández',
    'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez',
    'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Serrano',
    ]


def patient_names(count, seed):
    "Return count full names, the same ones for the same seed"
    rng = random.Random(seed)
    return [
        '%s %s %s' % (
            rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES),
            rng.choice(LAST_NAMES))
        for _ in range(count)]


def mobile_numbers(count, seed):
    "Return count Spanish mobile numbers in international format"
    rng = random.Random(seed)
    return ['+34 6%02d %03d %03d' % (
            rng.randrange(100), rng.randrange(1000), rng.randrange(1000))
        for _ in range(count)]


DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'


def dni_numbers(count, seed):
    "Return count distinct Spanish DNI numbers with their check letter"
    rng = random.Random(seed)
    numbers = rng.sample(range(10000000, 100000000), count)
    return ['%08d%s' % (n, DNI_LETTERS[n % 23]) for n in numbers]
