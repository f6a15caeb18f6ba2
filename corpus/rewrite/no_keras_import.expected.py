# no import of keras here: the receiver may be anything, so nothing is rewritten by default
def train(model, gen):
    model.fit_generator(gen, steps_per_epoch=10)
