# This file is part of the clinic franchise suite. The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
"The dental chart: teeth in FDI notation, findings and the odontogram."
