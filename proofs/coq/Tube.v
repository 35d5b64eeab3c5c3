(** Lemma 3 (proofs/03_rounding_tube.py): the floating-point tube of a SMOTE step.
    (a) binary64 at IEEE level: [tube_b64]. *)
From Coq Require Import Reals Lra Lia.
From Flocq Require Import Core Plus_error Relative BinarySingleNaN.
From SmoteProofs Require Import Model Constants.
Open Scope R_scope.

(** * The difference form over the reals, in one format FLT(emin, prec) *)
Section Difference.
Variable emin prec : Z.
Context { prec_gt_0_ : Prec_gt_0 prec }.
Notation fmt := (generic_format radix2 (FLT_exp emin prec)).
Notation rnd := (round radix2 (FLT_exp emin prec) ZnearestE).
Notation u := (bpow radix2 (- prec)).

(** ŝ − t = ε3 + ε2 + λ ε1, each bounded by the standard model: the derivation of (a). *)
Lemma tube_difference_real : forall x n lam, fmt x -> fmt n -> 0 <= lam <= 1 ->
  let d := rnd (n - x) in let p := rnd (lam * d) in let s := rnd (x + p) in
  Rabs (s - (x + lam * (n - x))) <= u * Rabs s + 2 * u * Rabs d + / 2 * bpow radix2 emin.
Proof.
  intros x n lam Fx Fn Hl d p s.
  assert (H1 := err_minus emin prec n x Fn Fx). fold d in H1.
  assert (H2 := err_any emin prec (lam * d)). fold p in H2.
  assert (Fp : fmt p) by (apply generic_format_round; auto with typeclass_instances).
  assert (H3 := err_plus emin prec x p Fx Fp). fold s in H3.
  replace (s - (x + lam * (n - x)))
    with ((s - (x + p)) + (p - lam * d) + lam * (d - (n - x))) by ring.
  rewrite Rabs_mult, (Rabs_pos_eq lam) in H2 by lra.
  pose proof (Rabs_triang ((s - (x + p)) + (p - lam * d)) (lam * (d - (n - x)))) as T1.
  pose proof (Rabs_triang (s - (x + p)) (p - lam * d)) as T2.
  rewrite Rabs_mult, (Rabs_pos_eq lam) in T1 by lra.
  assert (0 <= u) by apply bpow_ge_0.
  assert (0 <= Rabs d) by apply Rabs_pos.
  assert (lam * Rabs (d - (n - x)) <= u * Rabs d).
  { apply Rle_trans with (lam * (u * Rabs d)).
    - apply Rmult_le_compat_l; lra.
    - assert (0 <= u * Rabs d) by (apply Rmult_le_pos; lra).
      rewrite <- (Rmult_1_l (u * Rabs d)) at 2. apply Rmult_le_compat_r; lra. }
  assert (u * (lam * Rabs d) <= u * Rabs d).
  { replace (u * (lam * Rabs d)) with (lam * (u * Rabs d)) by ring.
    rewrite <- (Rmult_1_l (u * Rabs d)) at 2.
    apply Rmult_le_compat_r; [apply Rmult_le_pos|]; lra. }
  lra.
Qed.

End Difference.

(** * Binary64 at IEEE level (Flocq's BinarySingleNaN, round to nearest even) *)
#[export] Instance prec64_gt_0 : Prec_gt_0 53 := eq_refl.
#[export] Instance prec64_lt_emax : Prec_lt_emax 53 1024 := eq_refl.
Notation binary64 := (binary_float 53 1024).
Notation rnd64 := (round radix2 (FLT_exp (-1074) 53) ZnearestE).

Section IEEE64.

Lemma B64_plus_finite : forall m (a b : binary64),
  is_finite (Bplus m a b) = true -> is_finite a = true /\ is_finite b = true.
Proof.
  intros m [sa|sa| |sa ma ea Ha] [sb|sb| |sb mb eb Hb] H; simpl in H;
    try destruct (Bool.eqb _ _); easy.
Qed.

Lemma B64_mult_finite : forall m (a b : binary64),
  is_finite (Bmult m a b) = true -> is_finite a = true /\ is_finite b = true.
Proof.
  intros m [sa|sa| |sa ma ea Ha] [sb|sb| |sb mb eb Hb] H; simpl in H; easy.
Qed.

Lemma B64_minus_finite : forall m (a b : binary64),
  is_finite (Bminus m a b) = true -> is_finite a = true /\ is_finite b = true.
Proof.
  intros m [sa|sa| |sa ma ea Ha] [sb|sb| |sb mb eb Hb] H; simpl in H;
    try destruct (Bool.eqb _ _); easy.
Qed.

(** A finite result of an IEEE operation is the rounded exact result. *)
Lemma B64_plus_round : forall (a b : binary64),
  is_finite (Bplus mode_NE a b) = true ->
  B2R (Bplus mode_NE a b) = rnd64 (B2R a + B2R b).
Proof.
  intros a b Hf. destruct (B64_plus_finite _ _ _ Hf) as [Ha Hb].
  generalize (Bplus_correct 53 1024 _ _ mode_NE a b Ha Hb).
  destruct Rlt_bool.
  - intros [H _]. exact H.
  - intros [H _]. rewrite <- is_finite_SF_B2SF, H in Hf. discriminate.
Qed.

Lemma B64_minus_round : forall (a b : binary64),
  is_finite (Bminus mode_NE a b) = true ->
  B2R (Bminus mode_NE a b) = rnd64 (B2R a - B2R b).
Proof.
  intros a b Hf. destruct (B64_minus_finite _ _ _ Hf) as [Ha Hb].
  generalize (Bminus_correct 53 1024 _ _ mode_NE a b Ha Hb).
  destruct Rlt_bool.
  - intros [H _]. exact H.
  - intros [H _]. rewrite <- is_finite_SF_B2SF, H in Hf. discriminate.
Qed.

Lemma B64_mult_round : forall (a b : binary64),
  is_finite (Bmult mode_NE a b) = true ->
  B2R (Bmult mode_NE a b) = rnd64 (B2R a * B2R b).
Proof.
  intros a b Hf.
  generalize (Bmult_correct 53 1024 _ _ mode_NE a b).
  destruct Rlt_bool.
  - intros [H _]. exact H.
  - intros H. rewrite <- is_finite_SF_B2SF, H in Hf. discriminate.
Qed.

Lemma B64_format : forall (a : binary64), generic_format radix2 (FLT_exp (-1074) 53) (B2R a).
Proof. intros a. apply (generic_format_B2R 53 1024 a). Qed.

End IEEE64.

(** imbalanced-learn's float64 step, [x + steps * (X[nn] - x)]: ŝ = x ⊕ (λ ⊗ (n ⊖ x)). *)
Definition smote_b64 (x n lam : binary64) : binary64 :=
  Bplus mode_NE x (Bmult mode_NE lam (Bminus mode_NE n x)).

(** Lemma 3(a): for all binary64 x, n, λ with 0 ≤ λ ≤ 1 and a finite ŝ (so no overflow),
    |ŝ − (x + λ(n − x))| ≤ a|ŝ| + b|d̂| + c with d̂ = n ⊖ x and refimpl's (a, b, c). *)
Theorem tube_b64 : forall x n lam : binary64,
  0 <= B2R lam <= 1 ->
  is_finite (smote_b64 x n lam) = true ->
  Rabs (B2R (smote_b64 x n lam) - (B2R x + B2R lam * (B2R n - B2R x)))
    <= tube_b64_a * Rabs (B2R (smote_b64 x n lam))
       + tube_b64_b * Rabs (B2R (Bminus mode_NE n x)) + tube_b64_c.
Proof.
  intros x n lam Hl Hf. unfold smote_b64 in *.
  destruct (B64_plus_finite _ _ _ Hf) as [Hx Hp].
  destruct (B64_mult_finite _ _ _ Hp) as [_ Hd].
  rewrite (B64_plus_round _ _ Hf), (B64_mult_round _ _ Hp), (B64_minus_round _ _ Hd).
  pose proof (tube_difference_real (-1074) 53 (B2R x) (B2R n) (B2R lam)
                (B64_format x) (B64_format n) Hl) as H.
  cbv zeta in H. change (- (53))%Z with (-53)%Z in H.
  unfold tube_b64_a, tube_b64_b, tube_b64_c, u64, eta64.
  set (D := Rabs (rnd64 (B2R n - B2R x))) in *.
  assert (0 <= D) by apply Rabs_pos.
  assert (0 < bpow radix2 (-53)) by apply bpow_gt_0.
  assert (0 < bpow radix2 (-1074)) by apply bpow_gt_0.
  assert (0 <= bpow radix2 (-53) * bpow radix2 (-53) * D)
    by (apply Rmult_le_pos; [apply Rmult_le_pos|]; lra).
  lra.
Qed.

(** Over the reals the sharper (2u, η/2) holds: [tube_difference_real]. *)
