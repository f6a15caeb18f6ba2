#!/usr/bin/env python
# corpus-options: unsafe_fixes
# comment
"""Doc."""
model.fit_generator(g, 10)
