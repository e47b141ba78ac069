"""Names and limits the command line's parser offers (its choices and ranges), in a module
without Peewee so that ``dutyboard --help`` loads none; the store modules that use them
import them from here."""

SHIFTS = ("day", "night")
MAX_BOOKING_DAYS = 31
