# corpus-options: unsafe_fixes
from migrate_fitgen.runtime import validate_batches

def train(model, gen):
    model.fit(validate_batches(gen), steps_per_epoch=10)
