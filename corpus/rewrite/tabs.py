import keras

class T:
	def run(self, model, gen):
		model.fit_generator(gen,
							10, 2)
		return model.evaluate_generator(gen, 3)
