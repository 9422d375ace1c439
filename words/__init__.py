"""Every text a citizen reads, in Swahili and English: the USSD screens' words (`catalogue`) and
the SMS the gateway sends (`notices`), each checked for length and GSM-7 by a test that renders
it with the longest real values. Pure: no clock, no database, no Flask.

May import: charter (names, dates' formats, GSM-7), nothing else.
"""
