"""External services, one small module each: the only code that talks to them, and the one place tests fake."""
