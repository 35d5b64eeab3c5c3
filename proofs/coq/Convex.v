(** Lemma 3 (proofs/03_rounding_tube.py), parts (c) and (d) for the convex form:
    smote-variants' w0·x + w1·n, at IEEE level ([tube_convex]), and the attacker's
    widening by a bound R on |n − x| ([tube_convex_attacker]). *)
From Coq Require Import Reals Lra Lia.
From Flocq Require Import Core Plus_error Relative BinarySingleNaN.
From SmoteProofs Require Import Model Constants Tube.
Open Scope R_scope.

Notation fmt64 := (generic_format radix2 (FLT_exp (-1074) 53)).

(** * The standard model in the forms (c) needs *)

(** A sum of two floats: relative error u of the exact sum (a subnormal sum is exact). *)
Lemma plus_rel : forall a b, fmt64 a -> fmt64 b ->
  exists e, Rabs e <= u64 /\ rnd64 (a + b) = (a + b) * (1 + e).
Proof.
  intros a b Fa Fb.
  destruct (FLT_plus_error_N_ex radix2 (-1074) 53 (fun t => negb (Z.even t)) a b Fa Fb)
    as [e [He H]].
  pose proof (u_rod1pu_ro_le_u_ro radix2 53) as Hu. rewrite u_ro_bpow in He, Hu.
  exists e. split; [|exact H]. unfold u64. change (-53)%Z with (- (53))%Z. lra.
Qed.

Lemma half_u64 : / 2 * bpow radix2 (- (53) + 1) = u64.
Proof.
  unfold u64. change (- (53) + 1)%Z with (1 + -53)%Z. rewrite bpow_plus.
  change (bpow radix2 1) with 2. field.
Qed.

(** Zero, or at least the smallest normal 2^-1022: a purely relative error u. *)
Lemma normal_rel : forall z, z = 0 \/ bpow radix2 (-1022) <= Rabs z ->
  exists e, Rabs e <= u64 /\ rnd64 z = z * (1 + e).
Proof.
  intros z [Z | Hz].
  - exists 0. subst z. rewrite round_0 by auto with typeclass_instances.
    rewrite Rabs_R0. split; [pose proof u64_pos; lra | ring].
  - destruct (relative_error_N_FLT_ex radix2 (-1074) 53 eq_refl (fun t => negb (Z.even t)) z Hz)
      as [e [He H]].
    exists e. split; [|exact H]. rewrite half_u64 in He. exact He.
Qed.

(** Any real (a product): relative error u plus an absolute η/2. *)
Lemma any_rel : forall z, exists e h, Rabs e <= u64 /\ Rabs h <= / 2 * eta64 /\
  rnd64 z = z * (1 + e) + h.
Proof.
  intros z.
  destruct (error_N_FLT radix2 (-1074) 53 eq_refl (fun t => negb (Z.even t)) z)
    as [e [h [He [Hh [_ H]]]]].
  exists e, h. rewrite half_u64 in He. split; [exact He | split; [exact Hh | exact H]].
Qed.

(** * Higham's γ4: three factors (1 + δ) over one, within γ4 = 4u/(1 − 4u) of 1 *)
Lemma theta_bound : forall u a b c d, 0 <= u <= / 1024 ->
  Rabs a <= u -> Rabs b <= u -> Rabs c <= u -> Rabs d <= u ->
  Rabs ((1 + a) * (1 + b) * (1 + c) / (1 + d) - 1) <= 4 * u / (1 - 4 * u).
Proof.
  intros u a b c d Hu Ha Hb Hc Hd.
  apply Rabs_le_inv in Ha, Hb, Hc, Hd.
  assert (Hab_lo : (1 - u) * (1 - u) <= (1 + a) * (1 + b)) by (apply Rmult_le_compat; lra).
  assert (Hab_hi : (1 + a) * (1 + b) <= (1 + u) * (1 + u)) by (apply Rmult_le_compat; lra).
  assert (HP_lo : (1 - u) * (1 - u) * (1 - u) <= (1 + a) * (1 + b) * (1 + c))
    by (apply Rmult_le_compat; nra).
  assert (HP_hi : (1 + a) * (1 + b) * (1 + c) <= (1 + u) * (1 + u) * (1 + u))
    by (apply Rmult_le_compat; nra).
  set (P := (1 + a) * (1 + b) * (1 + c)) in *.
  assert (Hd0 : 0 < 1 + d) by lra.
  assert (H4 : 0 < 1 - 4 * u) by lra.
  replace (P / (1 + d) - 1) with ((P - (1 + d)) / (1 + d)) by (field; lra).
  unfold Rdiv. rewrite Rabs_mult, Rabs_inv, (Rabs_pos_eq (1 + d)) by lra.
  apply Rle_trans with (Rabs (P - (1 + d)) * / (1 - u)).
  { apply Rmult_le_compat_l; [apply Rabs_pos|]. apply Rinv_le_contravar; lra. }
  apply Rle_trans with ((4 * u + 3 * u * u + u * u * u) * / (1 - u)).
  { apply Rmult_le_compat_r; [apply Rlt_le, Rinv_0_lt_compat; lra|].
    apply Rabs_le. split; nra. }
  apply (Rmult_le_reg_r ((1 - u) * (1 - 4 * u))); [nra|].
  replace ((4 * u + 3 * u * u + u * u * u) * / (1 - u) * ((1 - u) * (1 - 4 * u)))
    with ((4 * u + 3 * u * u + u * u * u) * (1 - 4 * u)) by (field; lra).
  replace (4 * u * / (1 - 4 * u) * ((1 - u) * (1 - 4 * u))) with (4 * u * (1 - u)) by (field; lra).
  nra.
Qed.

(** * (c) over the reals: the six roundings of smote-variants' two-vertex simplex *)

(** numpy's [random_sample] returns m·2^-53 with 0 ≤ m < 2^53, so a weight is 0 or at
    least u = 2^-53; that keeps W_i / fl(W0 + W1) out of the subnormal range. *)
Definition grid_weight (w : R) : Prop := 0 <= w <= 1 /\ (w = 0 \/ u64 <= w).

Lemma weight_quotient_rel : forall W sg, grid_weight W -> 0 < sg <= 4 ->
  exists e, Rabs e <= u64 /\ rnd64 (W / sg) = W / sg * (1 + e).
Proof.
  intros W sg [HW [Z | Hw]] Hsg; apply normal_rel.
  - left. subst W. unfold Rdiv. ring.
  - right. rewrite Rabs_pos_eq by (apply Rmult_le_pos; [lra | apply Rlt_le, Rinv_0_lt_compat; lra]).
    apply Rle_trans with (u64 / 4).
    + unfold u64. replace (bpow radix2 (-53) / 4) with (bpow radix2 (-55)).
      * apply bpow_le. lia.
      * change (-55)%Z with (-53 + -2)%Z. rewrite bpow_plus. simpl bpow at 2.
        change (IZR (Z.pow_pos 2 2)) with 4. field.
    + unfold Rdiv. pose proof u64_pos.
      apply Rmult_le_compat; try lra;
        first [apply Rinv_le_contravar; lra | apply Rlt_le, Rinv_0_lt_compat; lra].
Qed.

Lemma convex_real : forall W0 W1 x n, fmt64 W0 -> fmt64 W1 -> fmt64 x -> fmt64 n ->
  grid_weight W0 -> grid_weight W1 -> 0 < W0 + W1 ->
  let sg := rnd64 (W0 + W1) in
  let s := rnd64 (rnd64 (rnd64 (W0 / sg) * x) + rnd64 (rnd64 (W1 / sg) * n)) in
  let lam := W1 / (W0 + W1) in
  Rabs (s - ((1 - lam) * x + lam * n))
    <= convex_g * ((1 - lam) * Rabs x + lam * Rabs n) + convex_c.
Proof.
  intros W0 W1 x n F0 F1 Fx Fn G0 G1 Hpos sg s lam.
  pose proof u64_pos as Hu0. pose proof u64_small as Hu1. pose proof eta64_pos as He0.
  destruct (plus_rel W0 W1 F0 F1) as [e1 [He1 Hsg]]. fold sg in Hsg.
  assert (He1' := Rabs_le_inv _ _ He1).
  assert (Hsg_pos : 0 < sg <= 4).
  { rewrite Hsg. destruct G0, G1. split; nra. }
  destruct (weight_quotient_rel W0 sg G0 Hsg_pos) as [e2 [He2 Hw0]].
  destruct (weight_quotient_rel W1 sg G1 Hsg_pos) as [e3 [He3 Hw1]].
  set (w0 := rnd64 (W0 / sg)) in *. set (w1 := rnd64 (W1 / sg)) in *.
  destruct (any_rel (w0 * x)) as [e4 [h4 [He4 [Hh4 Hp0]]]].
  destruct (any_rel (w1 * n)) as [e5 [h5 [He5 [Hh5 Hp1]]]].
  set (p0 := rnd64 (w0 * x)) in *. set (p1 := rnd64 (w1 * n)) in *.
  assert (Fp0 : fmt64 p0) by (apply generic_format_round; auto with typeclass_instances).
  assert (Fp1 : fmt64 p1) by (apply generic_format_round; auto with typeclass_instances).
  destruct (plus_rel p0 p1 Fp0 Fp1) as [e6 [He6 Hs]]. fold s in Hs.
  set (ta := (1 + e2) * (1 + e4) * (1 + e6) / (1 + e1) - 1).
  set (tb := (1 + e3) * (1 + e5) * (1 + e6) / (1 + e1) - 1).
  assert (Hid : s - ((1 - lam) * x + lam * n)
                = (1 - lam) * x * ta + lam * n * tb + (h4 + h5) * (1 + e6)).
  { rewrite Hs, Hp0, Hp1, Hw0, Hw1, Hsg. unfold ta, tb, lam. field. split; lra. }
  rewrite Hid.
  assert (Hg : 0 <= u64 <= / 1024) by lra.
  pose proof (theta_bound u64 e2 e4 e6 e1 Hg He2 He4 He6 He1) as Hta. fold ta in Hta.
  pose proof (theta_bound u64 e3 e5 e6 e1 Hg He3 He5 He6 He1) as Htb. fold tb in Htb.
  fold gamma4 in Hta, Htb. unfold convex_g, convex_c.
  assert (Hl : 0 <= lam <= 1).
  { unfold lam. destruct G0, G1. split.
    - apply Rmult_le_pos; [lra | apply Rlt_le, Rinv_0_lt_compat; lra].
    - apply (Rmult_le_reg_r (W0 + W1)); [lra|]. unfold Rdiv.
      rewrite Rmult_assoc, Rinv_l by lra. lra. }
  pose proof (Rabs_triang ((1 - lam) * x * ta + lam * n * tb) ((h4 + h5) * (1 + e6))) as T1.
  pose proof (Rabs_triang ((1 - lam) * x * ta) (lam * n * tb)) as T2.
  rewrite !Rabs_mult, (Rabs_pos_eq (1 - lam)), (Rabs_pos_eq lam) in T2 by lra.
  rewrite Rabs_mult in T1.
  pose proof (Rabs_triang h4 h5) as T3.
  assert (H6 : Rabs (1 + e6) <= 1 + u64).
  { apply Rabs_le_inv in He6. apply Rabs_le. lra. }
  assert (A1 : (1 - lam) * Rabs x * Rabs ta <= gamma4 * ((1 - lam) * Rabs x)).
  { rewrite Rmult_comm. apply Rmult_le_compat_r; [|exact Hta].
    apply Rmult_le_pos; [lra | apply Rabs_pos]. }
  assert (A2 : lam * Rabs n * Rabs tb <= gamma4 * (lam * Rabs n)).
  { rewrite Rmult_comm. apply Rmult_le_compat_r; [|exact Htb].
    apply Rmult_le_pos; [lra | apply Rabs_pos]. }
  assert (A3 : Rabs (h4 + h5) * Rabs (1 + e6) <= eta64 * (1 + u64)).
  { apply Rmult_le_compat; try apply Rabs_pos; lra. }
  lra.
Qed.

(** * (c) at IEEE level *)

Lemma B64_div_round : forall (a b : binary64), B2R b <> 0 ->
  is_finite (Bdiv mode_NE a b) = true ->
  B2R (Bdiv mode_NE a b) = rnd64 (B2R a / B2R b).
Proof.
  intros a b Hb Hf.
  generalize (Bdiv_correct 53 1024 _ _ mode_NE a b Hb).
  destruct Rlt_bool.
  - intros [H _]. exact H.
  - intros H. rewrite <- is_finite_SF_B2SF, H in Hf. discriminate.
Qed.

(** smote-variants 1.0.1, [random_samples_from_simplices] for the simplex (x, n) with draws
    W0, W1: [weights / np.sum(weights)], then [np.sum(X * weights)], all in float64. *)
Definition convex_b64 (W0 W1 x n : binary64) : binary64 :=
  let sg := Bplus mode_NE W0 W1 in
  Bplus mode_NE (Bmult mode_NE (Bdiv mode_NE W0 sg) x) (Bmult mode_NE (Bdiv mode_NE W1 sg) n).

Lemma convex_b64_round : forall W0 W1 x n : binary64,
  is_finite W0 = true -> is_finite W1 = true ->
  grid_weight (B2R W0) -> grid_weight (B2R W1) -> 0 < B2R W0 + B2R W1 ->
  is_finite (convex_b64 W0 W1 x n) = true ->
  let sg := rnd64 (B2R W0 + B2R W1) in
  B2R (convex_b64 W0 W1 x n)
    = rnd64 (rnd64 (rnd64 (B2R W0 / sg) * B2R x) + rnd64 (rnd64 (B2R W1 / sg) * B2R n)).
Proof.
  intros W0 W1 x n H0 H1 G0 G1 Hpos Hf sg. unfold convex_b64 in *.
  destruct (plus_rel (B2R W0) (B2R W1) (B64_format W0) (B64_format W1)) as [e1 [He1 Hsg]].
  apply Rabs_le_inv in He1. pose proof u64_pos. pose proof u64_small.
  assert (Hsg_pos : 0 < sg <= 4) by (unfold sg; rewrite Hsg; destruct G0, G1; split; nra).
  assert (Hlt : Rabs sg < bpow radix2 1024).
  { rewrite Rabs_pos_eq by lra. apply Rle_lt_trans with 4; [lra|].
    change 4 with (bpow radix2 2). apply bpow_lt. lia. }
  generalize (Bplus_correct 53 1024 _ _ mode_NE W0 W1 H0 H1).
  rewrite Rlt_bool_true by exact Hlt.
  intros [Hs _]. change (B2R (Bplus mode_NE W0 W1) = sg) in Hs.
  set (S := Bplus mode_NE W0 W1) in *.
  assert (HS : B2R S <> 0) by lra.
  destruct (B64_plus_finite _ _ _ Hf) as [Hp0 Hp1].
  destruct (B64_mult_finite _ _ _ Hp0) as [Hq0 _].
  destruct (B64_mult_finite _ _ _ Hp1) as [Hq1 _].
  rewrite (B64_plus_round _ _ Hf), (B64_mult_round _ _ Hp0), (B64_mult_round _ _ Hp1).
  rewrite (B64_div_round _ _ HS Hq0), (B64_div_round _ _ HS Hq1), Hs. reflexivity.
Qed.

(** Lemma 3(c): for all binary64 draws W0, W1 on [random_sample]'s grid, not both 0, all
    binary64 x, n and a finite ŝ, with λ = W1/(W0 + W1) exactly,
    |ŝ − ((1 − λ)x + λn)| ≤ γ4((1 − λ)|x| + λ|n|) + (1 + u)η, refimpl's (g, c). *)
Theorem tube_convex : forall W0 W1 x n : binary64,
  is_finite W0 = true -> is_finite W1 = true ->
  grid_weight (B2R W0) -> grid_weight (B2R W1) -> 0 < B2R W0 + B2R W1 ->
  is_finite (convex_b64 W0 W1 x n) = true ->
  let lam := B2R W1 / (B2R W0 + B2R W1) in
  Rabs (B2R (convex_b64 W0 W1 x n) - ((1 - lam) * B2R x + lam * B2R n))
    <= convex_g * ((1 - lam) * Rabs (B2R x) + lam * Rabs (B2R n)) + convex_c.
Proof.
  intros W0 W1 x n H0 H1 G0 G1 Hpos Hf lam.
  rewrite (convex_b64_round W0 W1 x n H0 H1 G0 G1 Hpos Hf).
  exact (convex_real _ _ _ _ (B64_format W0) (B64_format W1) (B64_format x) (B64_format n)
           G0 G1 Hpos).
Qed.

(** * (d) for the convex form: the attacker knows only R ≥ |n − x| *)

(** (1 − λ)|x| + λ|n| exceeds |t| by at most |n − x|/2 (2·min ≤ 2λ(1 − λ)|n − x|). *)
Lemma convex_abs_gap : forall x n lam, 0 <= lam <= 1 ->
  (1 - lam) * Rabs x + lam * Rabs n <= Rabs ((1 - lam) * x + lam * n) + Rabs (n - x) / 2.
Proof.
  intros x n lam Hl.
  assert (Q : lam * (1 - lam) <= / 4).
  { pose proof (Rle_0_sqr (lam - / 2)) as S. unfold Rsqr in S. nra. }
  assert (0 <= lam * (1 - lam)) by nra.
  destruct (Rle_or_lt 0 x) as [Hx | Hx]; destruct (Rle_or_lt 0 n) as [Hn | Hn].
  - rewrite (Rabs_pos_eq x), (Rabs_pos_eq n), (Rabs_pos_eq ((1 - lam) * x + lam * n)) by nra.
    pose proof (Rabs_pos (n - x)). lra.
  - rewrite (Rabs_pos_eq x), (Rabs_left n), (Rabs_left (n - x)) by lra.
    pose proof (Rle_abs ((1 - lam) * x + lam * n)) as T1.
    pose proof (Rle_abs (- ((1 - lam) * x + lam * n))) as T2. rewrite Rabs_Ropp in T2.
    set (G := (1 - lam) * x + lam * - n - Rabs ((1 - lam) * x + lam * n)).
    assert (G <= 2 * (lam * - n)) by (unfold G; lra).
    assert (G <= 2 * ((1 - lam) * x)) by (unfold G; lra).
    assert (G <= 2 * (lam * (1 - lam)) * (x - n)) by nra.
    assert (2 * (lam * (1 - lam)) * (x - n) <= (x - n) / 2) by nra.
    unfold G in *. lra.
  - rewrite (Rabs_left x), (Rabs_pos_eq n), (Rabs_pos_eq (n - x)) by lra.
    pose proof (Rle_abs ((1 - lam) * x + lam * n)) as T1.
    pose proof (Rle_abs (- ((1 - lam) * x + lam * n))) as T2. rewrite Rabs_Ropp in T2.
    set (G := (1 - lam) * - x + lam * n - Rabs ((1 - lam) * x + lam * n)).
    assert (G <= 2 * (lam * n)) by (unfold G; lra).
    assert (G <= 2 * ((1 - lam) * - x)) by (unfold G; lra).
    assert (G <= 2 * (lam * (1 - lam)) * (n - x)) by nra.
    assert (2 * (lam * (1 - lam)) * (n - x) <= (n - x) / 2) by nra.
    unfold G in *. lra.
  - rewrite (Rabs_left x), (Rabs_left n), (Rabs_left ((1 - lam) * x + lam * n)) by nra.
    pose proof (Rabs_pos (n - x)). lra.
Qed.

(** Lemma 3(d), convex form: if |n − x| ≤ R, the true point lies within
    (γ4(|ŝ| + R/2) + c)/(1 − γ4) of ŝ, which is refimpl's [attacker_radius] for [convex]. *)
Theorem tube_convex_attacker : forall (W0 W1 x n : binary64) (R : R),
  is_finite W0 = true -> is_finite W1 = true ->
  grid_weight (B2R W0) -> grid_weight (B2R W1) -> 0 < B2R W0 + B2R W1 ->
  is_finite (convex_b64 W0 W1 x n) = true ->
  Rabs (B2R n - B2R x) <= R ->
  let lam := B2R W1 / (B2R W0 + B2R W1) in
  Rabs (B2R (convex_b64 W0 W1 x n) - ((1 - lam) * B2R x + lam * B2R n))
    <= (convex_g * (Rabs (B2R (convex_b64 W0 W1 x n)) + R / 2) + convex_c) / (1 - convex_g).
Proof.
  intros W0 W1 x n R H0 H1 G0 G1 Hpos Hf HR lam.
  pose proof (tube_convex W0 W1 x n H0 H1 G0 G1 Hpos Hf) as H. cbv zeta in H. fold lam in H.
  set (s := B2R (convex_b64 W0 W1 x n)) in *.
  set (t := (1 - lam) * B2R x + lam * B2R n) in *.
  assert (Hl : 0 <= lam <= 1).
  { unfold lam. destruct G0, G1. split.
    - apply Rmult_le_pos; [lra | apply Rlt_le, Rinv_0_lt_compat; lra].
    - apply (Rmult_le_reg_r (B2R W0 + B2R W1)); [lra|]. unfold Rdiv.
      rewrite Rmult_assoc, Rinv_l by lra. lra. }
  pose proof (convex_abs_gap (B2R x) (B2R n) lam Hl) as Hgap. fold t in Hgap.
  pose proof u64_pos. pose proof u64_small.
  assert (Hg : 0 < convex_g <= / 128).
  { unfold convex_g, gamma4. split.
    - apply Rdiv_lt_0_compat; lra.
    - apply (Rmult_le_reg_r (1 - 4 * u64)); [lra|]. unfold Rdiv.
      rewrite Rmult_assoc, Rinv_l by lra. lra. }
  assert (Ht : Rabs t <= Rabs s + Rabs (s - t)).
  { pose proof (Rabs_triang_inv t s) as T. rewrite (Rabs_minus_sym t s) in T. lra. }
  assert (convex_g * ((1 - lam) * Rabs (B2R x) + lam * Rabs (B2R n))
          <= convex_g * (Rabs s + Rabs (s - t) + R / 2))
    by (apply Rmult_le_compat_l; lra).
  assert (E : Rabs (s - t) * (1 - convex_g) <= convex_g * (Rabs s + R / 2) + convex_c) by lra.
  apply (Rmult_le_reg_r (1 - convex_g)); [lra|].
  replace ((convex_g * (Rabs s + R / 2) + convex_c) / (1 - convex_g) * (1 - convex_g))
    with (convex_g * (Rabs s + R / 2) + convex_c) by (field; lra).
  exact E.
Qed.
