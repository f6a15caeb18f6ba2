"""Static analysis of Keras generator code (rules FG0xx and FG1xx)."""
