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

(** * (b) float32-mixed: difference in binary32, product and sum in binary64, cast back *)

(** Every binary32 value is a binary64 value. *)
Lemma format32_in_64 : forall z, generic_format radix2 (FLT_exp (-149) 24) z ->
  generic_format radix2 (FLT_exp (-1074) 53) z.
Proof.
  intros z Fz. apply generic_format_FLT. apply FLT_format_generic in Fz; [|easy].
  destruct Fz as [f Hz Hm He]. apply (FLT_spec _ _ _ _ f Hz).
  - apply Z.lt_le_trans with (1 := Hm). apply Zpower_le. lia.
  - lia.
Qed.

#[export] Instance prec32_gt_0 : Prec_gt_0 24 := eq_refl.
#[export] Instance prec32_lt_emax : Prec_lt_emax 24 128 := eq_refl.
Notation rnd32 := (round radix2 (FLT_exp (-149) 24) ZnearestE).

Section Mixed.
Notation fmt32 := (generic_format radix2 (FLT_exp (-149) 24)).

(** The derivation of (b) over the reals: four roundings. *)
Lemma tube_mixed_real : forall x n lam, fmt32 x -> fmt32 n -> 0 <= lam <= 1 ->
  let d := rnd32 (n - x) in let p := rnd64 (lam * d) in
  let th := rnd64 (x + p) in let s := rnd32 th in
  Rabs (s - (x + lam * (n - x)))
    <= tube_f32_a * Rabs s + tube_f32_b * Rabs d + tube_f32_c.
Proof.
  intros x n lam Fx Fn Hl d p th s.
  assert (H1 := err_minus (-149) 24 n x Fn Fx). fold d in H1.
  assert (H2 := err_any (-1074) 53 (lam * d)). fold p in H2.
  assert (Fp : generic_format radix2 (FLT_exp (-1074) 53) p)
    by (apply generic_format_round; auto with typeclass_instances).
  assert (H3 := err_plus (-1074) 53 x p (format32_in_64 x Fx) Fp). fold th in H3.
  assert (H4 := err_any_rounded (-149) 24 th). fold s in H4.
  change (- (24))%Z with (-24)%Z in *. change (- (53))%Z with (-53)%Z in *.
  fold u32 u64 in *. fold eta32 eta64 in *.
  rewrite Rabs_mult, (Rabs_pos_eq lam) in H2 by lra.
  replace (s - (x + lam * (n - x)))
    with ((s - th) + (th - (x + p)) + (p - lam * d) + lam * (d - (n - x))) by ring.
  pose proof (Rabs_triang ((s - th) + (th - (x + p)) + (p - lam * d)) (lam * (d - (n - x)))) as T1.
  pose proof (Rabs_triang ((s - th) + (th - (x + p))) (p - lam * d)) as T2.
  pose proof (Rabs_triang (s - th) (th - (x + p))) as T3.
  rewrite Rabs_mult, (Rabs_pos_eq lam) in T1 by lra.
  assert (Hth : Rabs th <= (1 + u32) * Rabs s + / 2 * eta32).
  { pose proof (Rabs_triang_inv th s) as T. rewrite <- Rabs_Ropp, Ropp_minus_distr in H4. lra. }
  pose proof u64_pos. pose proof u32_pos. pose proof eta32_pos. pose proof eta64_pos.
  assert (0 <= Rabs d) by apply Rabs_pos.
  assert (0 <= Rabs s) by apply Rabs_pos.
  assert (lam * Rabs (d - (n - x)) <= u32 * Rabs d).
  { apply Rle_trans with (lam * (u32 * Rabs d)); [apply Rmult_le_compat_l; lra|].
    rewrite <- (Rmult_1_l (u32 * Rabs d)) at 2.
    apply Rmult_le_compat_r; [apply Rmult_le_pos|]; lra. }
  assert (u64 * (lam * Rabs d) <= u64 * Rabs d).
  { replace (u64 * (lam * Rabs d)) with (lam * (u64 * Rabs d)) by ring.
    rewrite <- (Rmult_1_l (u64 * Rabs d)) at 2.
    apply Rmult_le_compat_r; [apply Rmult_le_pos|]; lra. }
  assert (u64 * Rabs th <= u64 * ((1 + u32) * Rabs s + / 2 * eta32))
    by (apply Rmult_le_compat_l; lra).
  unfold tube_f32_a, tube_f32_b, tube_f32_c.
  assert (0 <= u64 * eta32) by (apply Rmult_le_pos; lra).
  lra.
Qed.
End Mixed.

(** ** The casts, built from Flocq's [binary_normalize] (Flocq 4.1 has no conversion) *)
Notation binary32 := (binary_float 24 128).

(** float32 → float64 (numpy's promotion): exact. *)
Definition f32_to_f64 (a : binary32) : binary64 :=
  match a with
  | B754_zero s => B754_zero s
  | B754_infinity s => B754_infinity s
  | B754_nan => B754_nan
  | B754_finite s m e _ => binary_normalize 53 1024 _ _ mode_NE (cond_Zopp s (Zpos m)) e false
  end.

(** float64 → float32 (numpy's [astype(float32)]): round to nearest even, overflow to ∞. *)
Definition f64_to_f32 (a : binary64) : binary32 :=
  match a with
  | B754_zero s => B754_zero s
  | B754_infinity s => B754_infinity s
  | B754_nan => B754_nan
  | B754_finite s m e _ => binary_normalize 24 128 _ _ mode_NE (cond_Zopp s (Zpos m)) e false
  end.

Lemma B32_format : forall (a : binary32), generic_format radix2 (FLT_exp (-149) 24) (B2R a).
Proof. intros a. apply (generic_format_B2R 24 128 a). Qed.

Lemma f32_to_f64_exact : forall a : binary32, is_finite a = true ->
  is_finite (f32_to_f64 a) = true /\ B2R (f32_to_f64 a) = B2R a.
Proof.
  intros [s|s| |s m e Hm] Ha; try easy.
  simpl f32_to_f64.
  generalize (binary_normalize_correct 53 1024 _ _ mode_NE (cond_Zopp s (Zpos m)) e false).
  simpl. rewrite (round_generic radix2 (FLT_exp (-1074) 53)); auto with typeclass_instances.
  2: { apply format32_in_64. apply (B32_format (B754_finite s m e Hm)). }
  rewrite Rlt_bool_true.
  - intros [H1 [H2 _]]. split; [exact H2 | exact H1].
  - apply Rlt_le_trans with (bpow radix2 128).
    + apply (abs_B2R_lt_emax 24 128 (B754_finite s m e Hm)).
    + change (IZR (Z.pow_pos 2 1024)) with (bpow radix2 1024). apply bpow_le. lia.
Qed.

Lemma f64_to_f32_finite : forall a : binary64, is_finite (f64_to_f32 a) = true -> is_finite a = true.
Proof. intros [s|s| |s m e Hm] H; easy. Qed.

Lemma f64_to_f32_round : forall a : binary64, is_finite (f64_to_f32 a) = true ->
  B2R (f64_to_f32 a) = rnd32 (B2R a).
Proof.
  intros [s|s| |s m e Hm] H; try easy.
  - simpl. now rewrite round_0 by auto with typeclass_instances.
  - simpl f64_to_f32 in H |- *.
    generalize (binary_normalize_correct 24 128 _ _ mode_NE (cond_Zopp s (Zpos m)) e false).
    cbv zeta. destruct Rlt_bool.
    + intros [H1 _]. exact H1.
    + intros H1. rewrite <- is_finite_SF_B2SF, H1 in H. discriminate.
Qed.

Lemma B32_minus_finite : forall m (a b : binary32),
  is_finite (Bminus m a b) = true -> is_finite a = true /\ is_finite b = true.
Proof.
  intros m [sa|sa| |sa ma ea Ha] [sb|sb| |sb mb eb Hb] H; simpl in H;
    try destruct (Bool.eqb _ _); easy.
Qed.

Lemma B32_minus_round : forall (a b : binary32),
  is_finite (Bminus mode_NE a b) = true ->
  B2R (Bminus mode_NE a b) = rnd32 (B2R a - B2R b).
Proof.
  intros a b Hf. destruct (B32_minus_finite _ _ _ Hf) as [Ha Hb].
  generalize (Bminus_correct 24 128 _ _ mode_NE a b Ha Hb).
  destruct Rlt_bool.
  - intros [H _]. exact H.
  - intros [H _]. rewrite <- is_finite_SF_B2SF, H in Hf. discriminate.
Qed.

Lemma f32_to_f64_finite : forall a : binary32, is_finite (f32_to_f64 a) = true -> is_finite a = true.
Proof. intros [s|s| |s m e Hm] H; easy. Qed.

(** imbalanced-learn on float32 data: [X[row] + steps * (X[nn] - X[row])] with float64
    [steps], then [astype(float32)]. *)
Definition smote_f32_mixed (x n : binary32) (lam : binary64) : binary32 :=
  f64_to_f32 (Bplus mode_NE (f32_to_f64 x) (Bmult mode_NE lam (f32_to_f64 (Bminus mode_NE n x)))).

(** Lemma 3(b): for all binary32 x, n and binary64 λ with 0 ≤ λ ≤ 1 and a finite ŝ,
    |ŝ − (x + λ(n − x))| ≤ a|ŝ| + b|d̂| + c with d̂ = n ⊖₃₂ x and refimpl's (a, b, c). *)
Theorem tube_f32_mixed : forall (x n : binary32) (lam : binary64),
  0 <= B2R lam <= 1 ->
  is_finite (smote_f32_mixed x n lam) = true ->
  Rabs (B2R (smote_f32_mixed x n lam) - (B2R x + B2R lam * (B2R n - B2R x)))
    <= tube_f32_a * Rabs (B2R (smote_f32_mixed x n lam))
       + tube_f32_b * Rabs (B2R (Bminus mode_NE n x)) + tube_f32_c.
Proof.
  intros x n lam Hl Hf. unfold smote_f32_mixed in *.
  pose proof (f64_to_f32_finite _ Hf) as Hs.
  destruct (B64_plus_finite _ _ _ Hs) as [Hx64 Hp].
  destruct (B64_mult_finite _ _ _ Hp) as [_ Hd64].
  pose proof (f32_to_f64_finite _ Hx64) as Hx.
  pose proof (f32_to_f64_finite _ Hd64) as Hd.
  rewrite (f64_to_f32_round _ Hf), (B64_plus_round _ _ Hs), (B64_mult_round _ _ Hp).
  rewrite (proj2 (f32_to_f64_exact _ Hx)), (proj2 (f32_to_f64_exact _ Hd)).
  rewrite (B32_minus_round _ _ Hd).
  exact (tube_mixed_real (B2R x) (B2R n) (B2R lam) (B32_format x) (B32_format n) Hl).
Qed.

(** * (d) the attacker's widening: parents unknown, |n − x| ≤ R known *)

Theorem tube_b64_attacker : forall (x n lam : binary64) (R : R),
  0 <= B2R lam <= 1 ->
  is_finite (smote_b64 x n lam) = true ->
  Rabs (B2R n - B2R x) <= R ->
  Rabs (B2R (smote_b64 x n lam) - (B2R x + B2R lam * (B2R n - B2R x)))
    <= tube_b64_a * Rabs (B2R (smote_b64 x n lam)) + tube_b64_b * (1 + u64) * R + tube_b64_c.
Proof.
  intros x n lam R Hl Hf HR.
  pose proof (tube_b64 x n lam Hl Hf) as H.
  unfold smote_b64 in Hf. destruct (B64_plus_finite _ _ _ Hf) as [_ Hp].
  destruct (B64_mult_finite _ _ _ Hp) as [_ Hd].
  rewrite (B64_minus_round _ _ Hd) in H.
  pose proof (round_minus_le (-1074) 53 (B2R n) (B2R x) (B64_format n) (B64_format x)) as Hb.
  change (- (53))%Z with (-53)%Z in Hb. fold u64 in Hb.
  assert (0 <= tube_b64_b) by (unfold tube_b64_b; pose proof u64_pos; nra).
  pose proof u64_pos.
  assert (tube_b64_b * Rabs (rnd64 (B2R n - B2R x)) <= tube_b64_b * ((1 + u64) * R)).
  { apply Rmult_le_compat_l; [assumption|]. apply Rle_trans with (1 := Hb).
    apply Rmult_le_compat_l; lra. }
  lra.
Qed.

Theorem tube_f32_mixed_attacker : forall (x n : binary32) (lam : binary64) (R : R),
  0 <= B2R lam <= 1 ->
  is_finite (smote_f32_mixed x n lam) = true ->
  Rabs (B2R n - B2R x) <= R ->
  Rabs (B2R (smote_f32_mixed x n lam) - (B2R x + B2R lam * (B2R n - B2R x)))
    <= tube_f32_a * Rabs (B2R (smote_f32_mixed x n lam)) + tube_f32_b * (1 + u32) * R
       + tube_f32_c.
Proof.
  intros x n lam R Hl Hf HR.
  pose proof (tube_f32_mixed x n lam Hl Hf) as H.
  unfold smote_f32_mixed in Hf. pose proof (f64_to_f32_finite _ Hf) as Hs.
  destruct (B64_plus_finite _ _ _ Hs) as [_ Hp].
  destruct (B64_mult_finite _ _ _ Hp) as [_ Hd64].
  pose proof (f32_to_f64_finite _ Hd64) as Hd.
  rewrite (B32_minus_round _ _ Hd) in H.
  pose proof (round_minus_le (-149) 24 (B2R n) (B2R x) (B32_format n) (B32_format x)) as Hb.
  change (- (24))%Z with (-24)%Z in Hb. fold u32 in Hb.
  pose proof u64_pos. pose proof u32_pos.
  assert (0 <= tube_f32_b) by (unfold tube_f32_b; lra).
  assert (tube_f32_b * Rabs (rnd32 (B2R n - B2R x)) <= tube_f32_b * ((1 + u32) * R)).
  { apply Rmult_le_compat_l; [assumption|]. apply Rle_trans with (1 := Hb).
    apply Rmult_le_compat_l; lra. }
  lra.
Qed.
