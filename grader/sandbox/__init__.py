"""Running untrusted student code: a separate, walled-off process that only evaluates."""
