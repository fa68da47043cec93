"Names for generated patients and staff: plausible, varied and repeatable."
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


# The demo's staff are people, not roles: the central's by login, each
# clinic's by role, one name per clinic in turn (a clinic beyond the list
# takes the names again with a number)
CENTRAL_STAFF = {
    'central.admin': "Elena Navarro",
    'central.accountant': "Javier Molina",
    'callcenter': "Sara Ortega",
    'crm.manager': "Pablo Romero",
    }
CLINIC_STAFF = {
    'manager': ["Carmen Ruiz", "Jordi Puig", "Vicente Ferrer", "Nuria Gil"],
    'reception': [
        "Lucía Martín", "Laia Serra", "Amparo Soler", "Irene Ramos"],
    'doctor': [
        "Dra. Ana Torres", "Dr. Marc Vidal", "Dra. Rosa Blasco",
        "Dr. Iván Serrano"],
    }


def clinic_staff_name(role, index):
    "The name of the person of role at the clinic of index (from 0)"
    names = CLINIC_STAFF[role]
    name = names[index % len(names)]
    turn = index // len(names)
    return '%s %d' % (name, turn + 1) if turn else name


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
