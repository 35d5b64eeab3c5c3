(** The standard model of IEEE round-to-nearest-even in a format FLT(emin, prec),
    as used by proofs/03_rounding_tube.py, (M1)-(M3), derived from Flocq. *)
From Coq Require Import Reals Lra Lia.
From Flocq Require Import Core Plus_error Relative.
Open Scope R_scope.

Section Model.
Variable emin prec : Z.
Context { prec_gt_0_ : Prec_gt_0 prec }.

Notation fmt := (generic_format radix2 (FLT_exp emin prec)).
Notation rnd := (round radix2 (FLT_exp emin prec) ZnearestE).

(** u = 2^-prec is Flocq's u_ro. *)
Lemma u_ro_bpow : u_ro radix2 prec = bpow radix2 (- prec).
Proof.
  unfold u_ro. replace (- prec + 1)%Z with (1 + - prec)%Z by lia.
  rewrite bpow_plus. simpl bpow at 1. change (IZR (Z.pow_pos 2 1)) with 2. lra.
Qed.

(** (M1)+(M3): the rounded sum or difference of two floats has an error of at most
    u times the result (a subnormal sum is exact). *)
Lemma err_plus : forall x y, fmt x -> fmt y ->
  Rabs (rnd (x + y) - (x + y)) <= bpow radix2 (- prec) * Rabs (rnd (x + y)).
Proof.
  intros x y Fx Fy.
  destruct (FLT_plus_error_N_round_ex radix2 emin prec (fun z => negb (Z.even z)) x y Fx Fy)
    as [e [He Hxy]].
  rewrite u_ro_bpow in He. rewrite Hxy at 2.
  replace (rnd (x + y) - rnd (x + y) * (1 + e)) with (- (rnd (x + y) * e)) by ring.
  rewrite Rabs_Ropp, Rabs_mult, Rmult_comm.
  apply Rmult_le_compat_r; [apply Rabs_pos | exact He].
Qed.

Lemma err_minus : forall x y, fmt x -> fmt y ->
  Rabs (rnd (x - y) - (x - y)) <= bpow radix2 (- prec) * Rabs (rnd (x - y)).
Proof.
  intros x y Fx Fy. apply err_plus; [exact Fx|]. now apply generic_format_opp.
Qed.

(** (M1) in the other form, relative to the exact sum (a subnormal sum is exact). *)
Lemma err_plus_exact : forall x y, fmt x -> fmt y ->
  Rabs (rnd (x + y) - (x + y)) <= bpow radix2 (- prec) * Rabs (x + y).
Proof.
  intros x y Fx Fy.
  destruct (FLT_plus_error_N_ex radix2 emin prec (fun z => negb (Z.even z)) x y Fx Fy)
    as [e [He Hxy]].
  pose proof (u_rod1pu_ro_le_u_ro radix2 prec) as Hu. rewrite u_ro_bpow in He, Hu.
  rewrite Hxy. replace ((x + y) * (1 + e) - (x + y)) with ((x + y) * e) by ring.
  rewrite Rabs_mult, Rmult_comm.
  apply Rmult_le_compat_r; [apply Rabs_pos | lra].
Qed.

Lemma round_minus_le : forall x y, fmt x -> fmt y ->
  Rabs (rnd (x - y)) <= (1 + bpow radix2 (- prec)) * Rabs (x - y).
Proof.
  intros x y Fx Fy.
  pose proof (err_plus_exact x (- y) Fx (generic_format_opp _ _ _ Fy)) as H.
  pose proof (Rabs_triang_inv (rnd (x + - y)) (x + - y)). unfold Rminus. lra.
Qed.

(** (M1)+(M2) for any real: relative error u of the exact value, plus eta/2 = 2^(emin-1). *)
Lemma err_any : forall z,
  Rabs (rnd z - z) <= bpow radix2 (- prec) * Rabs z + / 2 * bpow radix2 emin.
Proof.
  intros z.
  destruct (error_N_FLT radix2 emin prec prec_gt_0_ (fun t => negb (Z.even t)) z)
    as [e [h [He [Hh [_ Hz]]]]].
  rewrite Hz.
  replace (z * (1 + e) + h - z) with (z * e + h) by ring.
  replace (/ 2 * bpow radix2 (- prec + 1)) with (bpow radix2 (- prec)) in He
    by (rewrite <- u_ro_bpow; reflexivity).
  apply Rle_trans with (1 := Rabs_triang _ _).
  rewrite Rabs_mult. apply Rplus_le_compat; [|exact Hh].
  rewrite Rmult_comm. apply Rmult_le_compat_r; [apply Rabs_pos | exact He].
Qed.

(** (M1)+(M2) relative to the rounded value: the form a final cast uses. *)
Lemma err_any_rounded : forall z,
  Rabs (rnd z - z) <= bpow radix2 (- prec) * Rabs (rnd z) + / 2 * bpow radix2 emin.
Proof.
  intros z.
  destruct (Rle_or_lt (bpow radix2 (emin + prec - 1)) (Rabs z)) as [Hz | Hz].
  - pose proof (relative_error_N_FLT_round radix2 emin prec prec_gt_0_
                  (fun t => negb (Z.even t)) z Hz) as H.
    replace (/ 2 * bpow radix2 (- prec + 1)) with (bpow radix2 (- prec)) in H
      by (rewrite <- u_ro_bpow; reflexivity).
    pose proof (bpow_ge_0 radix2 emin).
    pose proof (Rmult_le_pos _ _ (bpow_ge_0 radix2 (- prec)) (Rabs_pos (rnd z))). lra.
  - pose proof (error_le_half_ulp radix2 (FLT_exp emin prec) (fun t => negb (Z.even t)) z) as H.
    rewrite ulp_FLT_small in H by (try exact prec_gt_0_;
      apply Rlt_le_trans with (1 := Hz); apply bpow_le; lia).
    pose proof (Rmult_le_pos _ _ (bpow_ge_0 radix2 (- prec)) (Rabs_pos (rnd z))). lra.
Qed.

End Model.
