import inspect, keras
u=keras.utils; pi=keras.preprocessing.image; ps=keras.preprocessing.sequence
for n in ["array_to_img","img_to_array","load_img","save_img","smart_resize"]:
    print(n, getattr(pi,n) is getattr(u,n, None) if hasattr(u,n) else "not in utils")
print("pad", ps.pad_sequences is u.pad_sequences)
print(u.Sequence is u.PyDataset)
for f in [u.to_categorical, u.normalize, u.get_file, u.pad_sequences]:
    print(f.__name__, inspect.signature(f))
print([n for n in dir(keras.layers) if n.startswith("Random") or n in ("TextVectorization","Hashing","Rescaling","Resizing")])
print(hasattr(u,"timeseries_dataset_from_array"), hasattr(u,"image_dataset_from_directory"))
