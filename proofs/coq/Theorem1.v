(** Theorem 1 (proofs/01_interior.py, section 6): DistinSMOTE's rule is exact under
    general position, and fails for three collinear real points. *)
From Coq Require Import Reals Lra FunctionalExtensionality Classical.
From SmoteProofs Require Import Lemma1.
Open Scope R_scope.

(** z lies on the line through p and r (p ≠ r where used). *)
Definition on_line (z p r : V) : Prop := exists t, z = interp p r t.

(** * Points of one line, by their parameter *)
Section OneLine.
Variables p q : V.
Hypothesis Hpq : p <> q.
Let P := interp p q.

Lemma P_inj : forall a b, P a = P b -> a = b.
Proof. intros a b H. exact (lemma1_c p q a b Hpq H). Qed.

Lemma P_0 : P 0 = p.
Proof. apply functional_extensionality; intros j; unfold P, interp; ring. Qed.

Lemma P_1 : P 1 = q.
Proof. apply functional_extensionality; intros j; unfold P, interp; ring. Qed.

Lemma P_interp : forall a b th, interp (P a) (P b) th = P (a + th * (b - a)).
Proof. intros a b th; apply functional_extensionality; intros j; unfold P, interp; ring. Qed.

Lemma P_collinear : forall a b c, collinear (P a) (P b) (P c).
Proof.
  intros a b c. destruct (Req_dec b a) as [E | E].
  - exists 1, 0. split; [left; lra|]. intros j. unfold vsub, P, interp. subst b. ring.
  - exists (c - a), (- (b - a)). split; [right; lra|].
    intros j. unfold vsub, P, interp. ring.
Qed.

End OneLine.

(** * The setting: real points [Rs], synthetic points [Ss], as sets of points *)
Section Theorem1.
Variables Rs Ss : V -> Prop.
Definition A (z : V) : Prop := Rs z \/ Ss z.

(** (x, n) is a SMOTE witness of s with an interior step (A0's form). *)
Definition witness (s x n : V) : Prop :=
  Rs x /\ Rs n /\ x <> n /\ exists lam, 0 < lam < 1 /\ s = interp x n lam.

(** p is flagged: strictly between two other points of A. *)
Definition flagged (z : V) : Prop :=
  exists a b, A a /\ A b /\ a <> z /\ b <> z /\ strictly_between z a b.

Hypothesis A0 : forall s, Ss s -> exists x n, witness s x n.
Hypothesis GP1 : forall a b c, Rs a -> Rs b -> Rs c -> a <> b -> b <> c -> a <> c ->
  ~ collinear a b c.
Hypothesis GP2 : forall s x n, Ss s -> witness s x n ->
  forall a b, A a -> A b -> a <> s -> b <> s -> a <> b -> on_line s a b ->
  forall z, on_line z a b <-> on_line z x n.

(** Step 0: R ∩ S = ∅. *)
Theorem theorem1_disjoint : forall z, Rs z -> Ss z -> False.
Proof.
  intros z Hr Hs. destruct (A0 z Hs) as [x [n [Hx [Hn [Hxn [lam [Hl Hz]]]]]]].
  assert (Hzx : x <> z).
  { intros E. assert (interp x n 0 = interp x n lam) as E'.
    { rewrite <- Hz, <- E. apply functional_extensionality; intros j; unfold interp; ring. }
    apply (lemma1_c x n) in E'; [lra | exact Hxn]. }
  assert (Hzn : n <> z).
  { intros E. assert (interp x n 1 = interp x n lam) as E'.
    { rewrite <- Hz, <- E. apply functional_extensionality; intros j; unfold interp; ring. }
    apply (lemma1_c x n) in E'; [lra | exact Hxn]. }
  apply (GP1 x n z Hx Hn Hr Hxn Hzn Hzx).
  rewrite Hz. apply lemma1_a.
Qed.

(** Step 1: every synthetic point is flagged. *)
Theorem theorem1_synthetic_flagged : forall s, Ss s -> flagged s.
Proof.
  intros s Hs. destruct (A0 s Hs) as [x [n [Hx [Hn [Hxn [lam [Hl Hz]]]]]]].
  exists x, n. repeat split.
  - left; exact Hx.
  - left; exact Hn.
  - intros E. subst x. exact (theorem1_disjoint s Hx Hs).
  - intros E. subst n. exact (theorem1_disjoint s Hn Hs).
  - exact Hxn.
  - exists lam. split; [exact Hl | exact Hz].
Qed.

(** Three distinct real points never share a line (GP1, by parameter). *)
Lemma two_reals : forall p q, p <> q -> forall a b c,
  Rs (interp p q a) -> Rs (interp p q b) -> Rs (interp p q c) -> a = b \/ b = c \/ a = c.
Proof.
  intros p q Hpq a b c Ha Hb Hc.
  destruct (Req_dec a b); [left; assumption|].
  destruct (Req_dec b c); [right; left; assumption|].
  destruct (Req_dec a c); [right; right; assumption|].
  exfalso. apply (GP1 _ _ _ Ha Hb Hc); try (intros E; apply P_inj in E; [contradiction | exact Hpq]).
  apply P_collinear.
Qed.

(** A synthetic point z = P ζ of the line P = interp p q whose own line is that of two
    points P α ≠ P β: its parents sit at parameters ξ ≠ ν with ζ strictly between them. *)
Lemma parents_on_line : forall p q, p <> q -> forall zeta al be,
  Ss (interp p q zeta) -> al <> be ->
  A (interp p q al) -> A (interp p q be) ->
  zeta <> al -> zeta <> be ->
  exists xi nu mu, Rs (interp p q xi) /\ Rs (interp p q nu) /\ xi <> nu /\ 0 < mu < 1 /\
    zeta = xi + mu * (nu - xi).
Proof.
  intros p q Hpq zeta al be Hs Hab Ha Hb Hza Hzb.
  destruct (A0 _ Hs) as [x [n Hw]].
  pose proof Hw as [Hx [Hn [Hxn [mu [Hmu Hz]]]]].
  assert (Hon : on_line (interp p q zeta) (interp p q al) (interp p q be)).
  { exists ((zeta - al) / (be - al)). rewrite P_interp by exact Hpq. f_equal. field. lra. }
  assert (Hne : forall a b, a <> b -> interp p q a <> interp p q b)
    by (intros a b E F; apply P_inj in F; [contradiction | exact Hpq]).
  pose proof (GP2 _ x n Hs Hw _ _ Ha Hb (Hne _ _ (not_eq_sym Hza)) (Hne _ _ (not_eq_sym Hzb))
                (Hne _ _ Hab) Hon) as Hline.
  destruct (proj2 (Hline x)) as [tx Ex].
  { exists 0. apply functional_extensionality; intros j; unfold interp; ring. }
  destruct (proj2 (Hline n)) as [tn En].
  { exists 1. apply functional_extensionality; intros j; unfold interp; ring. }
  rewrite P_interp in Ex, En by exact Hpq.
  set (xi := al + tx * (be - al)) in *. set (nu := al + tn * (be - al)) in *.
  exists xi, nu, mu. rewrite <- Ex, <- En. repeat split; try assumption; try lra.
  - intros E. apply Hxn. rewrite Ex, En, E. reflexivity.
  - rewrite Ex, En, P_interp in Hz by exact Hpq. exact (P_inj p q Hpq _ _ Hz).
Qed.

(** The heart of step 2: a real point strictly between two points of A, with the
    first of them synthetic, is impossible. *)
Lemma real_not_between_synthetic_first : forall r a b,
  Rs r -> Ss a -> A b -> a <> r -> b <> r -> strictly_between r a b -> False.
Proof.
  intros r a b Hr Ha Hb Har Hbr [Hab [t [Ht Hrt]]].
  (* the line P = interp a b: a at 0, b at 1, r at t *)
  assert (Hr' : Rs (interp a b t)) by (rewrite <- Hrt; exact Hr).
  assert (Ha' : Ss (interp a b 0)) by (rewrite P_0; exact Ha).
  assert (HAr : A (interp a b t)) by (left; exact Hr').
  assert (HAb : A (interp a b 1)) by (rewrite P_1; exact Hb).
  destruct (parents_on_line a b Hab 0 t 1 Ha' ltac:(lra) HAr HAb ltac:(lra) ltac:(lra))
    as [xi [nu [mu [Hx [Hn [Hxn [Hmu E0]]]]]]].
  destruct Hb as [HbR | HbS].
  - (* b real: the reals at 1, t, ξ, ν take only two values *)
    assert (Hb1 : Rs (interp a b 1)) by (rewrite P_1; exact HbR).
    destruct (two_reals a b Hab 1 t xi Hb1 Hr' Hx) as [E | [E | E]];
    destruct (two_reals a b Hab 1 t nu Hb1 Hr' Hn) as [F | [F | F]];
      try lra; subst; nra.
  - (* b synthetic too: its parents are at ξ', ν' with 1 strictly between them *)
    assert (Hb' : Ss (interp a b 1)) by (rewrite P_1; exact HbS).
    assert (HAa : A (interp a b 0)) by (right; exact Ha').
    destruct (parents_on_line a b Hab 1 0 t Hb' ltac:(lra) HAa HAr ltac:(lra) ltac:(lra))
      as [xi' [nu' [mu' [Hx' [Hn' [Hxn' [Hmu' E1]]]]]]].
    destruct (two_reals a b Hab t xi nu Hr' Hx Hn) as [E | [E | E]]; [|lra|];
    destruct (two_reals a b Hab xi nu xi' Hx Hn Hx') as [F | [F | F]]; try lra;
    destruct (two_reals a b Hab xi nu nu' Hx Hn Hn') as [G | [G | G]]; try lra;
      subst; nra.
Qed.

Lemma strictly_between_sym : forall z a b, strictly_between z a b -> strictly_between z b a.
Proof.
  intros z a b [Hab [t [Ht Hz]]]. split; [intros E; apply Hab; symmetry; exact E|].
  exists (1 - t). split; [lra|]. rewrite Hz.
  apply functional_extensionality; intros j; unfold interp; ring.
Qed.

(** Step 2: no real point is flagged. *)
Theorem theorem1_real_not_flagged : forall r, Rs r -> ~ flagged r.
Proof.
  intros r Hr [a [b [Ha [Hb [Har [Hbr Hbet]]]]]].
  destruct Ha as [HaR | HaS]; [destruct Hb as [HbR | HbS]|].
  - (* both real: three distinct collinear real points *)
    destruct Hbet as [Hab [t [Ht Hrt]]].
    apply (GP1 a b r HaR HbR Hr Hab Hbr Har).
    rewrite Hrt. apply lemma1_a.
  - apply (real_not_between_synthetic_first r b a Hr HbS (or_introl HaR) Hbr Har).
    apply strictly_between_sym. exact Hbet.
  - exact (real_not_between_synthetic_first r a b Hr HaS Hb Har Hbr Hbet).
Qed.

(** Theorem 1: under (A0), (GP1), (GP2), a point of the augmented set is flagged iff it
    is synthetic. *)
Theorem theorem1 : forall z, A z -> (flagged z <-> Ss z).
Proof.
  intros z [Hr | Hs]; split; intros H.
  - exfalso. exact (theorem1_real_not_flagged z Hr H).
  - exfalso. exact (theorem1_disjoint z Hr H).
  - exact Hs.
  - exact (theorem1_synthetic_flagged z Hs).
Qed.

End Theorem1.

(** The counterexample direction: three collinear real points (GP1 fails). With real
    points at 0, 1, 2 on a line and no synthetic point, the middle real point is flagged. *)
Theorem theorem1_collinear_counterexample : forall p q : V, p <> q ->
  let Rs := fun z => z = interp p q 0 \/ z = interp p q 1 \/ z = interp p q 2 in
  let Ss := fun _ : V => False in
  Rs (interp p q 1) /\ flagged Rs Ss (interp p q 1).
Proof.
  intros p q Hpq Rs Ss. split; [right; left; reflexivity|].
  exists (interp p q 0), (interp p q 2). unfold A.
  assert (Hne : forall a b, a <> b -> interp p q a <> interp p q b)
    by (intros a b E F; apply P_inj in F; [contradiction | exact Hpq]).
  repeat split.
  - left; left; reflexivity.
  - left; right; right; reflexivity.
  - apply Hne; lra.
  - apply Hne; lra.
  - apply Hne; lra.
  - exists (1 / 2). split; [lra|]. rewrite P_interp by exact Hpq. f_equal. field.
Qed.
