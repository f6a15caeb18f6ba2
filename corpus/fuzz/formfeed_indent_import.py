model.predict_generator(gen(), 2.5, 10, True)  # no keras import

for () in ...():	\
 \
\\\
 
	 			 pass
