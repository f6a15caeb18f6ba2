from .ssd300 import SSD300
