"""An item's lifecycle, shared by every service that acts on items: its statuses, its
append-only record (kumbukumbu: `events`), the dates a citizen is told about it now
(`item_dates`), the clock paused and running again (`pauses`), and an item answered
(`answering`). Nothing here decides what happens next; the casework room does.

May import: charter, store, menus, words, gateway.config and gateway.runtime.
"""
