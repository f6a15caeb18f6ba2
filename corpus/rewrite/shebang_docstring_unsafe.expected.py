#!/usr/bin/env python
# corpus-options: unsafe_fixes
# comment
"""Doc."""
from migrate_fitgen.runtime import validate_batches

model.fit(validate_batches(g), steps_per_epoch=10)
