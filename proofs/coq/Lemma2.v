(** Lemma 2 (proofs/02_lines.py), parts (b) and (c): what ReconSMOTE relies on. *)
From Coq Require Import Reals Lra FunctionalExtensionality.
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
