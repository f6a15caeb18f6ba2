import deepchem as dc


class ToxModel(dc.models.GraphConvModel):
    pass


def build_multitask(n_tasks):
    return dc.models.MultitaskClassifier(n_tasks, 1024)
