(** Lemma 6(a) (proofs/06_noisy_tubes.py): the release radii, at IEEE level.
    - [release_decimals]: [decimals:p], numpy's [np.round(s, p)] on float64, 0 <= p <= 300;
    - [release_float32]: a cast of a float64 to float32.
    numpy's algorithm (numpy/_core/src/multiarray/calculation.c, [PyArray_Round] and
    [power_of_ten]): P = power_of_ten(p), y = s ⊗ P, z = rint(y), r = z ⊘ P, where
    power_of_ten reads 1e0 .. 1e8 from a table and otherwise starts at 1e9 and multiplies by
    10 once per further decimal, rounding each time. So P is not fl(10^p) in general: for
    p > 22 it drifts, and P < (1 − u)·10^p for 11 values of p (p = 25, 26, 27, 30, 31, 32,
    37, 38, 39, 40, 41; [power_of_ten_38_low]). The bound below needs only
    P >= (1 − u)(1 − g)·10^p, which is checked by computation for every p <= 300. *)
From Coq Require Import Reals Lra Lia List ZArith Zpower.
From Flocq Require Import Core Plus_error Relative BinarySingleNaN.
From SmoteProofs Require Import Model Constants Tube Convex.
Open Scope R_scope.

(** * numpy's power_of_ten, operation by operation *)

(** An integer as a binary64 (exact for the small integers used here). *)
Definition b64_of_Z (m : Z) : binary64 := binary_normalize 53 1024 _ _ mode_NE m 0 false.

(** [while (n-- > 9) ret *= 10.;] *)
Fixpoint times_ten (k : nat) (r : binary64) : binary64 :=
  match k with
  | O => r
  | S k' => times_ten k' (Bmult mode_NE r (b64_of_Z 10))
  end.

Definition np_power_of_ten (p : nat) : binary64 :=
  if (p <? 9)%nat then b64_of_Z (10 ^ Z.of_nat p) else times_ten (p - 9) (b64_of_Z (10 ^ 9)).

(** [np.round(s, p)] for a float64 [s] and decimals p >= 0: multiply, [rint], divide. *)
Definition np_round (p : nat) (s : binary64) : binary64 :=
  let P := np_power_of_ten p in Bdiv mode_NE (Bnearbyint mode_NE (Bmult mode_NE s P)) P.

(** * What the proof needs of P, decided by computation for p = 0 .. 300 *)

(** (1 − u)(1 − g) = K_num / 2^159, with g = 2u + u². *)
Definition K_num : Z := (2 ^ 53 - 1) * (2 ^ 106 - 2 ^ 54 - 1).

Definition P_ok_val (p : nat) (P : binary64) : bool :=
  match P with
  | B754_finite false m e _ =>
      (0 <=? e + 159)%Z
      && (10 ^ Z.of_nat p * K_num <=? Z.pos m * Zpower radix2 (e + 159))%Z
      && (Zpower radix2 159 <=? Z.pos m * Zpower radix2 (e + 159))%Z
  | _ => false
  end.

Definition P_ok (p : nat) : bool := P_ok_val p (np_power_of_ten p).


Lemma K_num_value : IZR K_num / bpow radix2 159 = (1 - u64) * (1 - release_g).
Proof.
  assert (E1 : K_num = 730750818665451215712927172538105429660205580289%Z) by reflexivity.
  assert (E2 : bpow radix2 159 = 730750818665451459101842416358141509827966271488)
    by reflexivity.
  assert (E3 : u64 = / 9007199254740992) by reflexivity.
  unfold release_g. rewrite E1, E2, E3. field.
Qed.

Lemma F2R_ge_one : forall (m : positive) e, (0 <= e + 159)%Z ->
  (Zpower radix2 159 <= Z.pos m * Zpower radix2 (e + 159))%Z -> 1 <= IZR (Z.pos m) * bpow radix2 e.
Proof.
  intros m e H1 H3.
  assert (Hb159 : 0 < bpow radix2 159) by apply bpow_gt_0.
  assert (Hsplit : IZR (Z.pos m * Zpower radix2 (e + 159))
                   = IZR (Z.pos m) * bpow radix2 e * bpow radix2 159).
  { rewrite mult_IZR, IZR_Zpower by lia. rewrite bpow_plus. ring. }
  apply IZR_le in H3. rewrite Hsplit in H3. rewrite IZR_Zpower in H3 by lia.
  apply (Rmult_le_reg_r (bpow radix2 159)); lra.
Qed.

Lemma F2R_ge_K : forall (m : positive) e p, (0 <= e + 159)%Z ->
  (10 ^ Z.of_nat p * K_num <= Z.pos m * Zpower radix2 (e + 159))%Z ->
  10 ^ p * ((1 - u64) * (1 - release_g)) <= IZR (Z.pos m) * bpow radix2 e.
Proof.
  intros m e p H1 H2.
  assert (Hb159 : 0 < bpow radix2 159) by apply bpow_gt_0.
  assert (Hsplit : IZR (Z.pos m * Zpower radix2 (e + 159))
                   = IZR (Z.pos m) * bpow radix2 e * bpow radix2 159).
  { rewrite mult_IZR, IZR_Zpower by lia. rewrite bpow_plus. ring. }
  apply IZR_le in H2. rewrite Hsplit in H2.
  rewrite mult_IZR, <- pow_IZR in H2.
  rewrite <- K_num_value.
  generalize dependent (IZR K_num). intros K H2.
  generalize dependent (bpow radix2 159). intros B Hb Hs H2.
  apply (Rmult_le_reg_r B); [lra|].
  replace (10 ^ p * (K / B) * B) with (10 ^ p * K) by (field; lra). exact H2.
Qed.

Lemma P_ok_val_sound : forall p P, P_ok_val p P = true ->
  is_finite P = true /\ 1 <= B2R P /\ 10 ^ p * ((1 - u64) * (1 - release_g)) <= B2R P.
Proof.
  intros p P. unfold P_ok_val. destruct P as [s|s| |[|] m e Hb]; try discriminate.
  intros H. apply andb_prop in H as [H H3]. apply andb_prop in H as [H1 H2].
  apply Z.leb_le in H1, H2, H3.
  split; [reflexivity | split].
  - exact (F2R_ge_one m e H1 H3).
  - exact (F2R_ge_K m e p H1 H2).
Qed.

Lemma P_ok_sound : forall p, P_ok p = true ->
  is_finite (np_power_of_ten p) = true /\ 1 <= B2R (np_power_of_ten p) /\
  10 ^ p * ((1 - u64) * (1 - release_g)) <= B2R (np_power_of_ten p).
Proof. intros p. apply P_ok_val_sound. Qed.

(** One pass over p = p0, p0 + 1, ... carrying P, so each product is computed once. *)
Fixpoint check_from (k p : nat) (P : binary64) : bool :=
  match k with
  | O => true
  | S k' => P_ok_val p P && check_from k' (S p) (Bmult mode_NE P (b64_of_Z 10))
  end.

Lemma check_from_sound : forall k p P, check_from k p P = true ->
  forall i, (i < k)%nat -> P_ok_val (p + i) (times_ten i P) = true.
Proof.
  induction k as [|k IH]; intros p P H i Hi; [lia|].
  simpl in H. apply andb_prop in H as [H0 H1]. destruct i as [|i].
  - rewrite Nat.add_0_r. exact H0.
  - replace (p + S i)%nat with (S p + i)%nat by lia. simpl times_ten.
    apply IH; [exact H1 | lia].
Qed.

Lemma check_small :
  forallb (fun p => P_ok_val p (b64_of_Z (10 ^ Z.of_nat p))) (seq 0 9) = true.
Proof. vm_compute. reflexivity. Qed.

Lemma check_large : check_from 292 9 (b64_of_Z (10 ^ 9)) = true.
Proof. vm_compute. reflexivity. Qed.

Lemma P_ok_300 : forall p, (p <= 300)%nat -> P_ok p = true.
Proof.
  intros p Hp. unfold P_ok, np_power_of_ten. destruct (Nat.ltb_spec p 9) as [Hs | Hl].
  - apply (proj1 (forallb_forall _ (seq 0 9)) check_small). apply in_seq. lia.
  - replace p with (9 + (p - 9))%nat at 1 by lia.
    apply (check_from_sound 292 9 _ check_large). lia.
Qed.


(** * The decimals bound over the reals *)

Lemma rint_half : forall y, Rabs (round radix2 (FIX_exp 0) ZnearestE y - y) <= / 2.
Proof.
  intros y. unfold round, F2R, scaled_mantissa, cexp, FIX_exp. simpl Fnum. simpl Fexp.
  change (bpow radix2 (- 0)) with 1. change (bpow radix2 0) with 1.
  rewrite !Rmult_1_r, Rabs_minus_sym. apply Znearest_half.
Qed.

(** r − s = (r − z/P) + (z − y)/P + (y − sP)/P, each rounding bounded relative to its
    result; |z| <= P(1 + u)|r| + P·η/2 closes the bound. *)
Lemma decimals_real : forall s P, 1 <= P ->
  let y := rnd64 (s * P) in let z := round radix2 (FIX_exp 0) ZnearestE y in
  let r := rnd64 (z / P) in
  Rabs (r - s) <= release_g * Rabs r + (1 + u64) / (2 * P) + (1 + u64) * eta64.
Proof.
  intros s P HP y z r.
  assert (Hr := err_any_rounded (-1074) 53 (z / P)). fold r in Hr.
  assert (Hy := err_any_rounded (-1074) 53 (s * P)). fold y in Hy.
  change (- (53))%Z with (-53)%Z in Hr, Hy. fold u64 eta64 in Hr, Hy.
  assert (Hz := rint_half y). fold z in Hz.
  pose proof u64_pos. pose proof u64_small. pose proof eta64_pos.
  set (Q := / P).
  assert (HQ : 0 < Q <= 1).
  { unfold Q. split; [apply Rinv_0_lt_compat; lra|].
    rewrite <- Rinv_1. apply Rinv_le_contravar; lra. }
  assert (HPQ : P * Q = 1) by (unfold Q; field; lra).
  replace (z / P) with (z * Q) in Hr by reflexivity.
  replace (r - s) with ((r - z * Q) + (z - y) * Q + (y - s * P) * Q)
    by (unfold Q; field; lra).
  pose proof (Rabs_triang ((r - z * Q) + (z - y) * Q) ((y - s * P) * Q)) as T1.
  pose proof (Rabs_triang (r - z * Q) ((z - y) * Q)) as T2.
  rewrite !Rabs_mult, (Rabs_pos_eq Q) in T1, T2 by lra.
  (* |zQ| <= (1 + u)|r| + η/2, so |z| = P|zQ| *)
  assert (HzQ : Rabs (z * Q) <= (1 + u64) * Rabs r + / 2 * eta64).
  { pose proof (Rabs_triang_inv (z * Q) r) as T. rewrite Rabs_minus_sym in T. lra. }
  assert (Hzabs : Rabs z * Q <= (1 + u64) * Rabs r + / 2 * eta64).
  { rewrite Rabs_mult, (Rabs_pos_eq Q) in HzQ by lra. exact HzQ. }
  assert (Hyabs : Rabs y <= Rabs z + / 2).
  { pose proof (Rabs_triang_inv y z) as T. rewrite Rabs_minus_sym in T. lra. }
  assert (E1 : Rabs (z - y) * Q <= / 2 * Q) by (apply Rmult_le_compat_r; lra).
  assert (E2 : Rabs (y - s * P) * Q <= (u64 * Rabs y + / 2 * eta64) * Q)
    by (apply Rmult_le_compat_r; lra).
  assert (E3 : u64 * Rabs y * Q <= u64 * (Rabs z * Q) + u64 * (/ 2 * Q)).
  { replace (u64 * (Rabs z * Q) + u64 * (/ 2 * Q)) with (u64 * (Rabs z + / 2) * Q) by ring.
    apply Rmult_le_compat_r; [lra|]. apply Rmult_le_compat_l; lra. }
  assert (E4 : u64 * (Rabs z * Q) <= u64 * ((1 + u64) * Rabs r + / 2 * eta64))
    by (apply Rmult_le_compat_l; lra).
  assert (E5 : / 2 * eta64 * Q <= / 2 * eta64) by nra.
  assert (E6 : (1 + u64) / (2 * P) = (1 + u64) * / 2 * Q) by (unfold Q; field; lra).
  rewrite E6. unfold release_g.
  assert (0 <= u64 * eta64) by nra.
  assert (0 <= u64 * Rabs r) by (apply Rmult_le_pos; [lra | apply Rabs_pos]).
  nra.
Qed.

(** * Lemma 6(a), decimals, at IEEE level *)

Lemma B64_div_finite : forall m (a b : binary64),
  is_finite (Bdiv m a b) = true -> is_finite a = true.
Proof. intros m [sa|sa| |sa ma ea Ha] [sb|sb| |sb mb eb Hb] H; simpl in H; easy. Qed.

(** For 0 <= p <= 300 and every binary64 s with a finite [np.round(s, p)] = r,
    |r − s| <= α|r| + β_p with refimpl's [decimals_coefficients(p)]. *)
Theorem release_decimals : forall (p : nat) (s : binary64), (p <= 300)%nat ->
  is_finite (np_round p s) = true ->
  Rabs (B2R (np_round p s) - B2R s)
    <= release_decimals_alpha * Rabs (B2R (np_round p s)) + release_decimals_beta p.
Proof.
  intros p s Hp Hf.
  destruct (P_ok_sound p (P_ok_300 p Hp)) as [HPf [HP1 HPlo]].
  unfold np_round in *. set (P := np_power_of_ten p) in *.
  set (y := Bmult mode_NE s P) in *. set (z := Bnearbyint mode_NE y) in *.
  assert (HP0 : B2R P <> 0) by lra.
  pose proof (B64_div_finite _ _ _ Hf) as Hzf.
  destruct (Bnearbyint_correct 53 1024 _ mode_NE y) as [Hz [Hzy _]].
  assert (Hz' : B2R z = round radix2 (FIX_exp 0) ZnearestE (B2R y)) by exact Hz.
  assert (Hyf : is_finite y = true).
  { change (is_finite z = is_finite y) in Hzy. rewrite <- Hzy. exact Hzf. }
  rewrite (B64_div_round _ _ HP0 Hf), Hz'. unfold y. rewrite (B64_mult_round _ _ Hyf).
  pose proof (decimals_real (B2R s) (B2R P) HP1) as H. cbv zeta in H.
  change (round_mode mode_NE) with ZnearestE.
  set (r := rnd64 (round radix2 (FIX_exp 0) ZnearestE (rnd64 (B2R s * B2R P)) / B2R P)) in *.
  pose proof u64_pos. pose proof u64_small. pose proof eta64_pos.
  assert (Hg : 0 < release_g <= / 256) by (unfold release_g; split; nra).
  assert (Hpow : 0 < 10 ^ p) by (apply pow_lt; lra).
  (* α|r| >= g|r| *)
  assert (A : release_g * Rabs r <= release_decimals_alpha * Rabs r).
  { apply Rmult_le_compat_r; [apply Rabs_pos|]. unfold release_decimals_alpha.
    apply (Rmult_le_reg_r (1 - release_g)); [lra|].
    unfold Rdiv. rewrite Rmult_assoc, Rinv_l by lra. nra. }
  (* β_p >= (1 + u)/(2P) + (1 + u)η *)
  assert (B1 : (1 + u64) / (2 * B2R P)
               <= 1 / (2 * 10 ^ p) * (1 + u64) / (1 - u64) / (1 - release_g)).
  { replace (1 / (2 * 10 ^ p) * (1 + u64) / (1 - u64) / (1 - release_g))
      with ((1 + u64) / (2 * (10 ^ p * ((1 - u64) * (1 - release_g))))) by (field; lra).
    unfold Rdiv. apply Rmult_le_compat_l; [lra|]. apply Rinv_le_contravar; [|lra].
    apply Rmult_lt_0_compat; [lra|]. apply Rmult_lt_0_compat; [lra|]. nra. }
  assert (B2 : (1 + u64) * eta64 <= eta64 / (1 - release_g)).
  { apply (Rmult_le_reg_r (1 - release_g)); [lra|].
    replace (eta64 / (1 - release_g) * (1 - release_g)) with eta64 by (field; lra).
    assert (K1 : (1 + u64) * (1 - release_g) <= 1) by (unfold release_g; nra).
    replace ((1 + u64) * eta64 * (1 - release_g)) with (((1 + u64) * (1 - release_g)) * eta64)
      by ring.
    rewrite <- (Rmult_1_l eta64) at 2. apply Rmult_le_compat_r; lra. }
  assert (B : release_decimals_beta p
              = 1 / (2 * 10 ^ p) * (1 + u64) / (1 - u64) / (1 - release_g)
                + eta64 / (1 - release_g)) by (unfold release_decimals_beta; field; lra).
  rewrite B. lra.
Qed.

(** The drift is real: numpy's P for p = 38 is below (1 − u)·10^38, so the textbook
    |δ0| <= u for P = 10^p(1 + δ0) fails (and 10 other p <= 41 do the same). *)
Definition P_below (p : nat) : bool :=
  match np_power_of_ten p with
  | B754_finite false m e _ =>
      (0 <=? e + 53)%Z && (Z.pos m * Zpower radix2 (e + 53) <? 10 ^ Z.of_nat p * (Zpower radix2 53 - 1))%Z
  | _ => false
  end.

Theorem power_of_ten_38_low : B2R (np_power_of_ten 38) < 10 ^ 38 * (1 - u64).
Proof.
  assert (H : P_below 38 = true) by (vm_compute; reflexivity).
  unfold P_below in H. destruct (np_power_of_ten 38) as [s|s| |[|] m e Hb]; try discriminate.
  apply andb_prop in H as [H1 H2]. apply Z.leb_le in H1. apply Z.ltb_lt in H2.
  change (B2R (B754_finite false m e Hb)) with (IZR (Z.pos m) * bpow radix2 e).
  apply IZR_lt in H2. rewrite !mult_IZR, <- pow_IZR, minus_IZR in H2.
  rewrite !IZR_Zpower in H2 by lia. rewrite bpow_plus in H2.
  unfold u64. change (bpow radix2 (-53)) with (/ bpow radix2 53).
  assert (0 < bpow radix2 53) by apply bpow_gt_0.
  generalize dependent (bpow radix2 53). intros B H2 HB.
  apply (Rmult_lt_reg_r B); [lra|].
  replace (10 ^ 38 * (1 - / B) * B) with (IZR 10 ^ 38 * (B - 1)) by (field; lra).
  replace (IZR (Z.pos m) * bpow radix2 e * B) with (IZR (Z.pos m) * (bpow radix2 e * B)) by ring.
  exact H2.
Qed.

(** * Lemma 6(a), float32: a cast of a float64 *)

(** For every binary64 s whose cast r to binary32 is finite, |r − s| <= u32|r| + η32. *)
Theorem release_float32 : forall s : binary64, is_finite (f64_to_f32 s) = true ->
  Rabs (B2R (f64_to_f32 s) - B2R s)
    <= release_float32_alpha * Rabs (B2R (f64_to_f32 s)) + release_float32_beta.
Proof.
  intros s Hf. rewrite (f64_to_f32_round s Hf).
  pose proof (err_any_rounded (-149) 24 (B2R s)) as H.
  change (- (24))%Z with (-24)%Z in H. fold u32 eta32 in H.
  unfold release_float32_alpha, release_float32_beta. pose proof eta32_pos. lra.
Qed.
