from .base import BaseDetector


class SSD300(BaseDetector):
    def __init__(self, n_classes=21):
        super().__init__()
        self.n_classes = n_classes
