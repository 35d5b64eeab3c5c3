"""Geometries of SMOTE's output: where a synthetic row lies relative to its parents.

* segment: s = x + λ(n − x), one λ per row (imbalanced-learn, themis, smote-variants' SMOTE);
  decided by the kernels (`refimpl.kernels`);
* box: s_j = x_j + λ_j(n_j − x_j), one λ_j per coordinate (Weka 3.6's filter), so s lies in the
  axis-aligned box of x and n (`refimpl.geometry.box`, Lemma 7, proofs/07_box_geometry.py).
"""
