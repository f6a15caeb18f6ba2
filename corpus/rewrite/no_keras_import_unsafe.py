# corpus-options: unsafe_fixes
def train(model, gen):
    model.fit_generator(gen, steps_per_epoch=10)
