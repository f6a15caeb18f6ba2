import keras
from migrate_fitgen.runtime import validate_batches

class T:
	def run(self, model, gen):
		model.fit(validate_batches(gen),
							steps_per_epoch=10, epochs=2)
		return model.evaluate(validate_batches(gen, mode="evaluate"), steps=3, verbose=0)
