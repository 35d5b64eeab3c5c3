(** The constants of the Coq statements: one source of truth with refimpl.
    tests/proofs/test_coq.py parses every [Definition] between the two markers below
    (grammar: integers, names defined earlier, + - * /, [^] with a natural exponent,
    [bpow radix2 (k)], parentheses, and one [(p : nat)] parameter) and checks that it
    equals refimpl's value exactly, as a Fraction. Keep the block in that grammar. *)
From Coq Require Import Reals Lia.
From Flocq Require Import Core.
Open Scope R_scope.

(* BEGIN CONSTANTS *)
Definition u64 : R := bpow radix2 (-53).
Definition eta64 : R := bpow radix2 (-1074).
Definition u32 : R := bpow radix2 (-24).
Definition eta32 : R := bpow radix2 (-149).
Definition gamma4 : R := 4 * u64 / (1 - 4 * u64).
Definition tube_b64_a : R := u64.
Definition tube_b64_b : R := 2 * u64 + u64 * u64.
Definition tube_b64_c : R := eta64.
Definition tube_f32_a : R := u32 + u64 * (1 + u32).
Definition tube_f32_b : R := u32 + u64.
Definition tube_f32_c : R := eta32 * (1 + u64) + eta64.
Definition convex_g : R := gamma4.
Definition convex_c : R := (1 + u64) * eta64.
Definition release_g : R := 2 * u64 + u64 * u64.
Definition release_decimals_alpha : R := release_g / (1 - release_g).
Definition release_decimals_beta (p : nat) : R :=
  (1 / (2 * 10 ^ p) * (1 + u64) / (1 - u64) + eta64) / (1 - release_g).
Definition release_float32_alpha : R := u32.
Definition release_float32_beta : R := eta32.
(* END CONSTANTS *)

Lemma u64_pos : 0 < u64.  Proof. apply bpow_gt_0. Qed.
Lemma u32_pos : 0 < u32.  Proof. apply bpow_gt_0. Qed.
Lemma eta64_pos : 0 < eta64.  Proof. apply bpow_gt_0. Qed.
Lemma eta32_pos : 0 < eta32.  Proof. apply bpow_gt_0. Qed.
Lemma u64_small : u64 <= / 1024.
Proof.
  unfold u64. change (/ 1024) with (/ bpow radix2 10).
  rewrite <- bpow_opp. apply bpow_le. lia.
Qed.
Lemma u32_small : u32 <= / 1024.
Proof.
  unfold u32. change (/ 1024) with (/ bpow radix2 10).
  rewrite <- bpow_opp. apply bpow_le. lia.
Qed.
