"""Who is on the line: officers (registration, roles, PINs and passwords, lockouts) and
citizens' phones (one E.164 form, hiding numbers in text, each phone's daily allowances).

May import: charter, store, and nothing else of the gateway's (it is the lowest room).
"""
