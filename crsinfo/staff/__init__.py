"""Staff sign-in (two-factor, throttling) and staff sessions."""
