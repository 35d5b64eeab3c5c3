(** Lemma 2 (proofs/02_lines.py), parts (a)-(e): what ReconSMOTE relies on. (a), (d), (e) are
    the algebraic parts; the measure-zero and Schwartz-Zippel steps rest on the Python
    derivation. *)
From Coq Require Import Reals Lra Lia FunctionalExtensionality.
From SmoteProofs Require Import Lemma1 Theorem1.
Open Scope R_scope.

(** (b) Two distinct synthetic points of the segment {x, n} span line(x, n). *)
Theorem lemma2_b_line : forall x n l1 l2, x <> n -> l1 <> l2 ->
  forall z, on_line z (interp x n l1) (interp x n l2) <-> on_line z x n.
Proof.
  intros x n l1 l2 Hxn Hl z. split.
  - intros [th Hz]. rewrite P_interp in Hz by exact Hxn.
    exists (l1 + th * (l2 - l1)). exact Hz.
  - intros [tau Hz]. exists ((tau - l1) / (l2 - l1)).
    rewrite P_interp by exact Hxn. rewrite Hz. f_equal. field. lra.
Qed.

(** (b) That line contains both parents. *)
Theorem lemma2_b_parents : forall x n l1 l2, x <> n -> l1 <> l2 ->
  on_line x (interp x n l1) (interp x n l2) /\ on_line n (interp x n l1) (interp x n l2).
Proof.
  intros x n l1 l2 Hxn Hl. split; apply (proj2 (lemma2_b_line x n l1 l2 Hxn Hl _)).
  - exists 0. apply functional_extensionality; intros j; unfold interp; ring.
  - exists 1. apply functional_extensionality; intros j; unfold interp; ring.
Qed.

(** (b) Three synthetic points of one segment are collinear, and (for distinct steps) any
    two of them determine the segment's line: the three-point test of ReconSMOTE. *)
Theorem lemma2_b_three : forall x n l1 l2 l3, x <> n ->
  collinear (interp x n l1) (interp x n l2) (interp x n l3).
Proof. intros x n l1 l2 l3 Hxn. apply P_collinear. Qed.

(** (c) Common parent: if b − a and c − a are not parallel, line(a, b) and line(a, c)
    meet exactly at a. *)
Theorem lemma2_c : forall a b c, ~ parallel (vsub b a) (vsub c a) ->
  forall z, on_line z a b /\ on_line z a c <-> z = a.
Proof.
  intros a b c Hnp z. split.
  - intros [[s Hs] [t Ht]].
    assert (Hst : s = 0 /\ t = 0).
    { destruct (Req_dec s 0) as [E | E]; destruct (Req_dec t 0) as [F | F];
        try (split; assumption); exfalso; apply Hnp; exists s, (- t);
        (split; [first [left; assumption | right; intros Z; apply F; lra]|]); intros j; pose proof (equal_f Hs j) as Hj;
        pose proof (equal_f Ht j) as Hj'; unfold interp in Hj, Hj'; unfold vsub; lra. }
    destruct Hst as [-> _]. rewrite Hs.
    apply functional_extensionality; intros j; unfold interp; ring.
  - intros ->. split; exists 0; apply functional_extensionality; intros j; unfold interp; ring.
Qed.

(** (c) If b − a and c − a are parallel (and b, c ≠ a), the two lines coincide. *)
Theorem lemma2_c_parallel : forall a b c, a <> b -> a <> c -> parallel (vsub b a) (vsub c a) ->
  forall z, on_line z a b <-> on_line z a c.
Proof.
  intros a b c Hab Hac [al [be [Hne H]]].
  destruct (pivot_exists a b Hab) as [i Hi].
  destruct (pivot_exists a c Hac) as [k Hk].
  assert (Hb : be <> 0).
  { intros E. subst be. destruct Hne as [Ha | Ha]; [|lra]. apply Hi.
    pose proof (H i) as Hi'. unfold vsub in Hi'.
    apply (Rmult_eq_reg_l al); [lra | exact Ha]. }
  assert (Ha : al <> 0).
  { intros E. subst al. apply Hk.
    pose proof (H k) as Hk'. unfold vsub in Hk'.
    apply (Rmult_eq_reg_l be); [lra | exact Hb]. }
  (* c − a = k (b − a) with k = −α/β ≠ 0 *)
  assert (Hc : forall j, c j - a j = (- al / be) * (b j - a j)).
  { intros j. pose proof (H j) as Hj. unfold vsub in Hj. field_simplify; [|exact Hb].
    apply (Rmult_eq_reg_l be); [|exact Hb]. field_simplify; [lra | exact Hb]. }
  intros z. split.
  - intros [s Hs]. exists (s / (- al / be)). rewrite Hs.
    apply functional_extensionality; intros j; unfold interp. rewrite (Hc j). field.
    split; assumption.
  - intros [s Hs]. exists (s * (- al / be)). rewrite Hs.
    apply functional_extensionality; intros j; unfold interp. rewrite (Hc j). field. exact Hb.
Qed.

(** * (a) Deciding intersections: Lagrange's identity in dimension d *)

(** ⟨u, v⟩ over the first d coordinates. *)
Fixpoint dot (d : nat) (u v : V) : R :=
  match d with O => 0 | S d' => dot d' u v + u d' * v d' end.

(** Σ_{i<d} (u_i v_k − u_k v_i)²: the 2×2 minors that pair coordinate k with the ones before. *)
Fixpoint minors_with (d : nat) (u v : V) (k : nat) : R :=
  match d with O => 0 | S d' => minors_with d' u v k + (u d' * v k - u k * v d') ^ 2 end.

(** Σ_{i<j<d} (u_i v_j − u_j v_i)². *)
Fixpoint minors (d : nat) (u v : V) : R :=
  match d with O => 0 | S d' => minors d' u v + minors_with d' u v d' end.

Lemma minors_with_expand : forall d u v k,
  minors_with d u v k = v k ^ 2 * dot d u u - 2 * u k * v k * dot d u v + u k ^ 2 * dot d v v.
Proof. induction d as [|d IH]; intros u v k; simpl; [ring | rewrite IH; ring]. Qed.

(** (a) Lagrange's identity: ‖u‖²‖v‖² − ⟨u,v⟩² = Σ_{i<j} (u_i v_j − u_j v_i)². *)
Theorem lemma2_a_lagrange : forall d u v,
  dot d u u * dot d v v - dot d u v ^ 2 = minors d u v.
Proof.
  induction d as [|d IH]; intros u v; simpl; [ring|].
  rewrite <- IH, minors_with_expand. ring.
Qed.

Lemma minors_with_nonneg : forall d u v k, 0 <= minors_with d u v k.
Proof.
  induction d as [|d IH]; intros u v k; simpl; [lra|].
  pose proof (IH u v k). pose proof (pow2_ge_0 (u d * v k - u k * v d)). lra.
Qed.

Lemma minors_nonneg : forall d u v, 0 <= minors d u v.
Proof.
  induction d as [|d IH]; intros u v; simpl; [lra|].
  pose proof (IH u v). pose proof (minors_with_nonneg d u v d). lra.
Qed.

Lemma minors_with_pos : forall d u v k i, (i < d)%nat -> u i * v k - u k * v i <> 0 ->
  0 < minors_with d u v k.
Proof.
  induction d as [|d IH]; intros u v k i Hi Hne; [lia|]. simpl.
  pose proof (minors_with_nonneg d u v k).
  destruct (Nat.eq_dec i d) as [-> | Hid].
  - assert (0 < (u d * v k - u k * v d) ^ 2) by (pose proof (Rsqr_pos_lt _ Hne) as Q; unfold Rsqr in Q; lra). lra.
  - pose proof (IH u v k i ltac:(lia) Hne). pose proof (pow2_ge_0 (u d * v k - u k * v d)). lra.
Qed.

(** (a) The Gram determinant is positive as soon as one 2×2 minor (i < j < d) is non-zero,
    i.e. when u and v are not parallel in the first d coordinates (Lemma 1(b)). *)
Theorem lemma2_a_gram_pos : forall d u v i j, (i < j)%nat -> (j < d)%nat ->
  u i * v j - u j * v i <> 0 -> 0 < dot d u u * dot d v v - dot d u v ^ 2.
Proof.
  intros d u v i j Hij Hjd Hne. rewrite lemma2_a_lagrange.
  induction d as [|d IH]; [lia|]. simpl.
  pose proof (minors_nonneg d u v). pose proof (minors_with_nonneg d u v d).
  destruct (Nat.eq_dec j d) as [-> | Hjd'].
  - pose proof (minors_with_pos d u v d i Hij Hne). lra.
  - pose proof (IH ltac:(lia)). lra.
Qed.

(** (a) With a non-zero Gram determinant G, the normal equations
    [⟨u,u⟩ s − ⟨u,v⟩ t = ⟨w,u⟩; ⟨u,v⟩ s − ⟨v,v⟩ t = ⟨w,v⟩] have exactly one solution. *)
Theorem lemma2_a_normal_unique : forall uu uv vv wu wv : R, uu * vv - uv ^ 2 <> 0 ->
  exists s t, (uu * s - uv * t = wu /\ uv * s - vv * t = wv) /\
  forall s' t', uu * s' - uv * t' = wu -> uv * s' - vv * t' = wv -> s' = s /\ t' = t.
Proof.
  intros uu uv vv wu wv HG.
  exists ((uv * wv - vv * wu) / (uv ^ 2 - uu * vv)), ((uu * wv - uv * wu) / (uv ^ 2 - uu * vv)).
  assert (HG' : uv ^ 2 - uu * vv <> 0) by (intros E; apply HG; lra).
  split; [split; field; exact HG'|].
  intros s' t' H1 H2. split.
  - apply (Rmult_eq_reg_l (uv ^ 2 - uu * vv)); [|exact HG']. field_simplify; [|exact HG'].
    rewrite <- H1, <- H2. ring.
  - apply (Rmult_eq_reg_l (uv ^ 2 - uu * vv)); [|exact HG']. field_simplify; [|exact HG'].
    rewrite <- H1, <- H2. ring.
Qed.

(** * (d) Skew in d >= 3: meeting or parallel lines make four points coplanar *)

(** The top 3×3 minor of [b − a, c − a, e − a]. *)
Definition delta3 (a b c e : V) : R :=
  let m := fun (p : V) j => p j - a j in
  m b 0%nat * (m c 1%nat * m e 2%nat - m c 2%nat * m e 1%nat)
  - m c 0%nat * (m b 1%nat * m e 2%nat - m b 2%nat * m e 1%nat)
  + m e 0%nat * (m b 1%nat * m c 2%nat - m b 2%nat * m c 1%nat).

(** (d) If line(a, b) and line(c, e) meet, Δ = 0. *)
Theorem lemma2_d_meet : forall a b c e z, on_line z a b -> on_line z c e -> delta3 a b c e = 0.
Proof.
  intros a b c e z [s Hs] [t Ht].
  assert (H : forall j, a j + s * (b j - a j) = c j + t * (e j - c j)).
  { intros j. pose proof (equal_f Hs j) as H1. pose proof (equal_f Ht j) as H2.
    unfold interp in H1, H2. lra. }
  unfold delta3. destruct (Req_dec t 1) as [-> | Ht1].
  - assert (E : forall j, e j = a j + s * (b j - a j)) by (intros j; pose proof (H j); lra).
    rewrite !E. ring.
  - assert (C : forall j, c j = (a j + s * (b j - a j) - t * e j) / (1 - t)).
    { intros j. pose proof (H j). apply (Rmult_eq_reg_r (1 - t)); [|lra].
      unfold Rdiv. rewrite Rmult_assoc, Rinv_l, Rmult_1_r by lra. nra. }
    rewrite !C. field. lra.
Qed.

(** (d) If b − a and e − c are parallel, Δ = 0. *)
Theorem lemma2_d_parallel : forall a b c e, parallel (vsub b a) (vsub e c) -> delta3 a b c e = 0.
Proof.
  intros a b c e [al [be [Hne H]]]. unfold vsub in H. unfold delta3.
  destruct (Req_dec be 0) as [Hb | Hb].
  - subst be. destruct Hne as [Ha | Ha]; [|lra].
    assert (B : forall j, b j = a j).
    { intros j. pose proof (H j) as Hj. apply (Rmult_eq_reg_l al); [|exact Ha]. lra. }
    rewrite !B. ring.
  - assert (E : forall j, e j = c j - al / be * (b j - a j)).
    { intros j. pose proof (H j). apply (Rmult_eq_reg_r be); [|exact Hb].
      replace ((c j - al / be * (b j - a j)) * be) with (c j * be - al * (b j - a j))
        by (field; exact Hb). nra. }
    rewrite !E. field. exact Hb.
Qed.

(** (d) Δ is not the zero polynomial: it is 1 at a = 0, b = e₁, c = e₂, e = e₃. *)
Theorem lemma2_d_nonzero :
  delta3 (fun _ => 0) (fun j => if Nat.eqb j 0 then 1 else 0)
         (fun j => if Nat.eqb j 1 then 1 else 0) (fun j => if Nat.eqb j 2 then 1 else 0) = 1.
Proof. unfold delta3. simpl. ring. Qed.

(** * (e) The plane *)

(** (e) In d = 2, two non-parallel lines meet (Cramer's rule on the 2×2 system). *)
Theorem lemma2_e_meet : forall p u q v : V, u 0%nat * v 1%nat - u 1%nat * v 0%nat <> 0 ->
  exists s t, p 0%nat + s * u 0%nat = q 0%nat + t * v 0%nat /\
              p 1%nat + s * u 1%nat = q 1%nat + t * v 1%nat.
Proof.
  intros p u q v H.
  set (w0 := q 0%nat - p 0%nat). set (w1 := q 1%nat - p 1%nat).
  set (D := u 0%nat * v 1%nat - u 1%nat * v 0%nat) in *.
  exists ((w0 * v 1%nat - w1 * v 0%nat) / D), ((w0 * u 1%nat - w1 * u 0%nat) / D).
  unfold w0, w1, D in *. split; field; exact H.
Qed.

(** Homogeneous coefficients of line(p, q) in the plane. *)
Definition hline (p q : V) : R * R * R :=
  (p 1%nat - q 1%nat, q 0%nat - p 0%nat, p 0%nat * q 1%nat - p 1%nat * q 0%nat).

Definition hdot (l : R * R * R) (z : V) : R :=
  let '(l0, l1, l2) := l in l0 * z 0%nat + l1 * z 1%nat + l2.

Lemma hline_on : forall p q z, on_line z p q -> hdot (hline p q) z = 0.
Proof.
  intros p q z [t Ht]. rewrite Ht. unfold hdot, hline, interp. ring.
Qed.

Definition det3 (l m k : R * R * R) : R :=
  let '(a0, a1, a2) := l in let '(b0, b1, b2) := m in let '(c0, c1, c2) := k in
  a0 * (b1 * c2 - b2 * c1) - a1 * (b0 * c2 - b2 * c0) + a2 * (b0 * c1 - b1 * c0).

(** (e) Three segment lines through one point z give det[ℓ1; ℓ2; ℓ3] = 0: the polynomial
    (degree 4 in the 12 coordinates) whose zero set carries every false concurrency. *)
Theorem lemma2_e_concurrent : forall p1 q1 p2 q2 p3 q3 z,
  on_line z p1 q1 -> on_line z p2 q2 -> on_line z p3 q3 ->
  det3 (hline p1 q1) (hline p2 q2) (hline p3 q3) = 0.
Proof.
  intros p1 q1 p2 q2 p3 q3 z H1 H2 H3.
  pose proof (hline_on _ _ _ H1) as E1. pose proof (hline_on _ _ _ H2) as E2.
  pose proof (hline_on _ _ _ H3) as E3.
  revert E1 E2 E3. unfold hdot, det3, hline.
  set (x := z 0%nat). set (y := z 1%nat). intros E1 E2 E3.
  (* the third column equals x·col1 + y·col2 (each row's hdot is 0) *)
  set (a2 := p1 0%nat * q1 1%nat - p1 1%nat * q1 0%nat) in *.
  set (b2 := p2 0%nat * q2 1%nat - p2 1%nat * q2 0%nat) in *.
  set (c2 := p3 0%nat * q3 1%nat - p3 1%nat * q3 0%nat) in *.
  replace a2 with (- ((p1 1%nat - q1 1%nat) * x + (q1 0%nat - p1 0%nat) * y)) by lra.
  replace b2 with (- ((p2 1%nat - q2 1%nat) * x + (q2 0%nat - p2 0%nat) * y)) by lra.
  replace c2 with (- ((p3 1%nat - q3 1%nat) * x + (q3 0%nat - p3 0%nat) * y)) by lra.
  ring.
Qed.

(** (e) …and that polynomial is not identically zero. *)
Theorem lemma2_e_nonzero :
  det3 (1, 0, 0) (0, 1, 0) (0, 0, 1) = 1.
Proof. unfold det3. ring. Qed.
