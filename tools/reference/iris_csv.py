"""Writes examples/data/iris.csv from scikit-learn's bundled copy of Fisher's Iris data.

Source: scikit-learn 1.9.1, `sklearn/datasets/data/iris.csv` (sha256 f13ffa8f…1449), which is
Fisher (1936) as R's `iris` has it (not the UCI copy, which has two wrong data points; see
scikit-learn's `sklearn/datasets/descr/iris.rst`). The data is public domain.

Usage (from the repository root):

    pip download --no-deps scikit-learn==1.9.1 -d /tmp/sk
    unzip -o -q /tmp/sk/scikit_learn-1.9.1-*.whl 'sklearn/datasets/data/iris.csv' -d /tmp/sk
    python3 tools/reference/iris_csv.py /tmp/sk/sklearn/datasets/data/iris.csv examples/data/iris.csv

The measurements are copied verbatim (as text); only the header line changes (scikit-learn's is
`150,4,setosa,versicolor,virginica`) and the class index becomes the species name.
"""

import sys

source, target = sys.argv[1], sys.argv[2]
with open(source) as f:
    lines = f.read().splitlines()
rows, features, *names = lines[0].split(",")
assert (int(rows), int(features)) == (150, 4) and names == ["setosa", "versicolor", "virginica"]
out = ["sepal_length,sepal_width,petal_length,petal_width,species"]
for line in lines[1:]:
    *values, label = line.split(",")
    assert len(values) == 4
    out.append(",".join(values + [names[int(label)]]))
assert len(out) == 151
with open(target, "w") as f:
    f.write("\n".join(out) + "\n")
