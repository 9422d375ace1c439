"""Who is on the line: officers (the one rule for their details, registration, roles, PINs and
passwords, lockouts, changes and their audit) and citizens' phones (one E.164 form, hiding
numbers in text, each phone's daily allowances).

May import: charter, store, and nothing else of the gateway's (it is the lowest room).
"""
