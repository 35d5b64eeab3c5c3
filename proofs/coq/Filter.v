(** Lemma 5 (proofs/05_fast_filter.py): the exact-real conditions (N1), (N2) of the fast
    filter. The float error of the Gram matrix (any summation order) and Lemma 5b's margins
    rest on the Python derivation. *)
From Coq Require Import Reals Lra Lia.
From SmoteProofs Require Import Lemma1 Theorem1 Lemma2.
Open Scope R_scope.

(** ⟨αx + βy, γx + δy⟩ over the first n coordinates, expanded. *)
Lemma dot_lin : forall n (x y : V) a b c d,
  dot n (fun j => a * x j + b * y j) (fun j => c * x j + d * y j)
  = a * c * dot n x x + (a * d + b * c) * dot n x y + b * d * dot n y y.
Proof. induction n as [|n IH]; intros; simpl; [ring | rewrite IH; ring]. Qed.

Lemma dot_sym : forall n (x y : V), dot n x y = dot n y x.
Proof. induction n as [|n IH]; intros; simpl; [ring | rewrite IH; ring]. Qed.

(** Cauchy–Schwarz from Lagrange's identity: ⟨x, y⟩² <= ‖x‖²‖y‖². *)
Lemma cauchy_schwarz_sq : forall n x y, dot n x y ^ 2 <= dot n x x * dot n y y.
Proof.
  intros n x y. pose proof (lemma2_a_lagrange n x y). pose proof (minors_nonneg n x y). lra.
Qed.

Lemma dot_self_nonneg : forall n x, 0 <= dot n x x.
Proof.
  induction n as [|n IH]; intros x; simpl; [lra|].
  pose proof (IH x). pose proof (Rle_0_sqr (x n)). unfold Rsqr in *. lra.
Qed.

Section Filter.
Variables (n : nat) (dv e : V) (lam : R).
(** p = a + λd + e, so v_a = a − p = −λd − e and v_b = b − p = (1 − λ)d − e. *)
Let va : V := fun j => - lam * dv j + -1 * e j.
Let vb : V := fun j => (1 - lam) * dv j + -1 * e j.

(** (N1): G_aa·G_bb − G_ab² <= ‖d‖²‖e‖² (the wedge v_a ∧ v_b equals d ∧ e). *)
Theorem lemma5_n1 : dot n va va * dot n vb vb - dot n va vb ^ 2 <= dot n dv dv * dot n e e.
Proof.
  unfold va, vb. rewrite !dot_lin. pose proof (pow2_ge_0 (dot n dv e)).
  replace (dot n e dv) with (dot n dv e) by apply dot_sym. nra.
Qed.

(** (N2): with 0 <= λ <= 1 and ‖e‖ <= β, G_ab <= ‖d‖β + β². *)
Theorem lemma5_n2 : forall beta, 0 <= lam <= 1 -> 0 <= beta -> dot n e e <= beta ^ 2 ->
  dot n va vb <= sqrt (dot n dv dv) * beta + beta ^ 2.
Proof.
  intros beta Hl Hb He. unfold va, vb. rewrite dot_lin.
  pose proof (dot_self_nonneg n dv) as Hd. pose proof (dot_self_nonneg n e) as Hee.
  assert (CS : Rabs (dot n dv e) <= sqrt (dot n dv dv) * beta).
  { rewrite <- (sqrt_pow2 beta Hb), <- sqrt_mult by (try apply pow2_ge_0; lra).
    rewrite <- sqrt_Rsqr_abs. apply sqrt_le_1_alt. unfold Rsqr.
    pose proof (cauchy_schwarz_sq n dv e).
    apply Rle_trans with (dot n dv dv * dot n e e); [nra|].
    apply Rmult_le_compat_l; lra. }
  pose proof (Rle_abs (dot n dv e)). pose proof (Rle_abs (- dot n dv e)).
  rewrite Rabs_Ropp in *.
  assert (0 <= lam * (1 - lam) * dot n dv dv) by (apply Rmult_le_pos; nra).
  assert (M : (2 * lam - 1) * dot n dv e <= Rabs (dot n dv e)).
  { destruct (Rle_or_lt 0 (dot n dv e)); nra. }
  nra.
Qed.
End Filter.
