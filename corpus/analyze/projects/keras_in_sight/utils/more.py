from functools import partial

from utils.data import through_partial

batches32 = partial(through_partial, bs=32)
