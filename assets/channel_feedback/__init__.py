"""Channel feedback: each channel told, once, which of its orders shipped with which tracking."""
