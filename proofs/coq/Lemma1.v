(** Lemma 1 (proofs/01_interior.py): SMOTE points are interior interpolants.
    Points of R^d are modelled as [V := nat -> R], coordinate by coordinate: a point of R^d
    is one whose coordinates j >= d are 0, and every definition below is coordinatewise and
    linear, so each statement holds in every dimension d at once. *)
From Coq Require Import Reals Lra FunctionalExtensionality Classical.
Open Scope R_scope.

Definition V := nat -> R.
Definition vsub (a b : V) : V := fun j => a j - b j.
(** The SMOTE step s = x + λ(n − x). *)
Definition interp (x n : V) (lam : R) : V := fun j => x j + lam * (n j - x j).

(** u, v are parallel (linearly dependent): α u + β v = 0 with (α, β) ≠ (0, 0). *)
Definition parallel (u v : V) : Prop :=
  exists al be, (al <> 0 \/ be <> 0) /\ forall j, al * u j + be * v j = 0.
(** a, b, c are collinear: b − a and c − a are parallel (coincident points count). *)
Definition collinear (a b c : V) : Prop := parallel (vsub b a) (vsub c a).
(** p lies strictly between a and b: a ≠ b and p = a + t(b − a) for some 0 < t < 1. *)
Definition strictly_between (p a b : V) : Prop :=
  a <> b /\ exists t, 0 < t < 1 /\ p = interp a b t.

(** Two different points differ in some coordinate (a pivot). *)
Lemma pivot_exists : forall x n : V, x <> n -> exists j, x j <> n j.
Proof.
  intros x n H. apply not_all_ex_not. intros Hall. apply H.
  apply functional_extensionality. exact Hall.
Qed.

(** (a) x, n and x + λ(n − x) are collinear, for every x, n, λ. *)
Theorem lemma1_a : forall x n lam, collinear x n (interp x n lam).
Proof.
  intros x n lam. exists lam, (-1). split; [right; lra|].
  intros j. unfold vsub, interp. ring.
Qed.

(** (b) Pivot test: if u_i ≠ 0, u and v are parallel iff u_i v_j = u_j v_i for all j. *)
Theorem lemma1_b : forall (u v : V) i, u i <> 0 ->
  (parallel u v <-> forall j, u i * v j = u j * v i).
Proof.
  intros u v i Hi. split.
  - intros [al [be [Hne H]]] j.
    destruct (Req_dec be 0) as [Hb | Hb].
    + exfalso. pose proof (H i) as Hi'. rewrite Hb in Hi'.
      destruct Hne as [Ha | Ha]; [|contradiction].
      apply Hi. apply (Rmult_eq_reg_l al); [|exact Ha]. lra.
    + assert (Ej : v j = - (al / be) * u j).
      { pose proof (H j). apply (Rmult_eq_reg_l be); [|exact Hb].
        field_simplify; [lra | exact Hb]. }
      assert (Ei : v i = - (al / be) * u i).
      { pose proof (H i). apply (Rmult_eq_reg_l be); [|exact Hb].
        field_simplify; [lra | exact Hb]. }
      rewrite Ej, Ei. ring.
  - intros H. exists (v i), (- u i). split; [right; lra|].
    intros j. replace (v i * u j + - u i * v j) with (u j * v i - u i * v j) by ring.
    rewrite (H j). ring.
Qed.

(** (c) Unique witness: for x ≠ n, x + λ(n − x) = x + μ(n − x) forces λ = μ; and λ is read
    off any pivot coordinate as (s_i − x_i)/(n_i − x_i). *)
Theorem lemma1_c : forall x n lam mu, x <> n -> interp x n lam = interp x n mu -> lam = mu.
Proof.
  intros x n lam mu Hxn H. destruct (pivot_exists x n Hxn) as [j Hj].
  pose proof (equal_f H j) as Hj'. unfold interp in Hj'.
  apply (Rmult_eq_reg_r (n j - x j)); [lra|]. intros Hz. apply Hj. lra.
Qed.

Theorem lemma1_c_pivot : forall x n lam i, x i <> n i ->
  lam = (interp x n lam i - x i) / (n i - x i).
Proof.
  intros x n lam i Hi. unfold interp. field. intros Hz. apply Hi. lra.
Qed.

(** (d) Interior: for x ≠ n, x + λ(n − x) is strictly between x and n iff 0 < λ < 1. *)
Theorem lemma1_d : forall x n lam, x <> n ->
  (strictly_between (interp x n lam) x n <-> 0 < lam < 1).
Proof.
  intros x n lam Hxn. split.
  - intros [_ [t [Ht H]]]. rewrite (lemma1_c x n lam t Hxn H). exact Ht.
  - intros Hl. split; [exact Hxn|]. exists lam. split; [exact Hl | reflexivity].
Qed.

(** (d), second form: x − s and n − s are non-zero and point in opposite directions. *)
Definition opposite (a b : V) : Prop :=
  a <> (fun _ => 0) /\ b <> (fun _ => 0) /\ exists k, k < 0 /\ forall j, b j = k * a j.

Theorem lemma1_d_opposite : forall x n lam, x <> n ->
  (strictly_between (interp x n lam) x n <->
   opposite (vsub x (interp x n lam)) (vsub n (interp x n lam))).
Proof.
  intros x n lam Hxn. rewrite (lemma1_d x n lam Hxn).
  destruct (pivot_exists x n Hxn) as [i Hi].
  assert (Hu : n i - x i <> 0) by (intros Hz; apply Hi; lra).
  unfold opposite, vsub, interp. split.
  - intros Hl. split; [|split].
    + intros H. pose proof (equal_f H i) as Hz. simpl in Hz.
      apply Hu. apply (Rmult_eq_reg_l lam); lra.
    + intros H. pose proof (equal_f H i) as Hz. simpl in Hz.
      apply Hu. apply (Rmult_eq_reg_l (1 - lam)); lra.
    + exists (- (1 - lam) / lam). split.
      * apply Rmult_lt_reg_r with lam; [lra|]. unfold Rdiv.
        rewrite Rmult_assoc, Rinv_l by lra. lra.
      * intros j. field. lra.
  - intros [H1 [H2 [k [Hk H]]]].
    assert (Hl0 : lam <> 0).
    { intros Hz. apply H1. apply functional_extensionality. intros j. rewrite Hz. ring. }
    pose proof (H i) as Hki.
    assert (E : (1 - lam) * (n i - x i) = (- k * lam) * (n i - x i)) by lra.
    apply Rmult_eq_reg_r in E; [|exact Hu].
    assert (lam * (1 - k) = 1) by lra.
    assert (0 < lam) by nra.
    split; [assumption|]. nra.
Qed.

(** (e) Degenerate case: if x = n, every λ gives s = x, and s is not strictly between. *)
Theorem lemma1_e : forall x lam,
  interp x x lam = x /\ ~ strictly_between (interp x x lam) x x.
Proof.
  intros x lam. split.
  - apply functional_extensionality. intros j. unfold interp. ring.
  - intros [H _]. apply H. reflexivity.
Qed.
