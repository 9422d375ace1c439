"""Every SMS the gateway sends: the outbox (a row written in the transaction of the change that
causes it), the dispatcher that sends due rows through the provider port, `notify` (the
citizen's and officers' SMS about an item, in their words from `words.notices`), and the
providers (`providers/`: the port, Africa's Talking, the console, the simulator, the tests'
fake).

May import: charter, store, words, gateway.config, gateway.runtime and gateway.people.
Never Flask, and never a room above it (casework, channels, reporting, web, ops).
"""
