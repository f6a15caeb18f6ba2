# corpus-options: unsafe_fixes
import unittest

import pqkmeans


class TestEncoder(unittest.TestCase):
    def setUp(self):
        self.encoder = pqkmeans.encoder.EncoderSample()

    def test_fit(self):
        self.encoder.fit_generator(self.data_source(20))
