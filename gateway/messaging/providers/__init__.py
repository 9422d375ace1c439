"""The SMS provider port (`provider`: what a provider is asked and answers, its typed failures)
and its adapters: Africa's Talking through the official SDK, the console (prints), the phone
simulator's inbox, and the tests' fake.

May import: charter (GSM-7 counting) and the SDK; nothing else of the gateway's.
"""
