//! Storage for an optimizer's per-parameter state: an array, or (with `alloc`) a heap buffer.

use crate::Scalar;
use crate::error::LengthError;

#[cfg(feature = "alloc")]
use alloc::{boxed::Box, vec, vec::Vec};

/// Storage for one per-parameter state vector of an optimizer (Adam's m, say).
///
/// Implemented for `[T; N]` (no heap) and, with the `alloc` feature, for `Box<[T; N]>`,
/// `Vec<T>` and `Box<[T]>`.
pub trait StateBuffer<T: Scalar>: Sized {
    /// The values, as a slice.
    fn as_slice(&self) -> &[T];
    /// The values, as a mutable slice.
    fn as_mut_slice(&mut self) -> &mut [T];
    /// `len` copies of `value`. Fails if this storage has a fixed length other than `len`.
    /// Heap storage is filled in place, never built on the stack.
    fn filled(len: usize, value: T) -> Result<Self, LengthError>;
}

/// A [`StateBuffer`] whose length is part of its type: `[T; N]` and `Box<[T; N]>`.
pub trait FixedBuffer<T: Scalar>: StateBuffer<T> {
    /// The length, `N`.
    const LEN: usize;
}

/// A network type that sizes its optimizers' state: [`Array`](ParamArray::Array) is
/// `[T; PARAMS]`, one value per parameter of the network, for its scalar type `T`.
///
/// `network!` implements it for every network it generates, which is what lets an optimizer be
/// built from the network without anyone writing the parameter count:
///
/// - `Adam::for_network(&net, config)`: the state in arrays (`[T; PARAMS]`, no heap, `no_std`),
///   of type `Adam<T, StateOf<Net<T>>>`;
/// - `Adam::boxed_for(&net, config)` (feature `alloc`): the same arrays on the heap
///   (`Box<[T; PARAMS]>`, filled in place, never on the stack), for networks too large for a
///   stack, of type `Adam<T, Box<StateOf<Net<T>>>>`.
///
/// Every optimizer of [`crate::optim`] has both constructors (from one macro, `optim/shared.rs`).
pub trait ParamArray {
    /// `[T; PARAMS]`.
    type Array;
}

/// The fixed-size storage of one state vector for network type `N`: `[T; N::PARAMS]`. Spell an
/// optimizer's type with it (`Adam<f32, StateOf<Xor<f32>>>`, or boxed,
/// `Adam<f32, Box<StateOf<Xor<f32>>>>`) where it cannot be inferred.
pub type StateOf<N> = <N as ParamArray>::Array;

impl<T: Scalar, const N: usize> StateBuffer<T> for [T; N] {
    #[inline(always)]
    fn as_slice(&self) -> &[T] {
        self
    }
    #[inline(always)]
    fn as_mut_slice(&mut self) -> &mut [T] {
        self
    }
    fn filled(len: usize, value: T) -> Result<Self, LengthError> {
        if len != N {
            return Err(LengthError {
                expected: N,
                found: len,
            });
        }
        Ok([value; N])
    }
}

impl<T: Scalar, const N: usize> FixedBuffer<T> for [T; N] {
    const LEN: usize = N;
}

#[cfg(feature = "alloc")]
impl<T: Scalar, const N: usize> StateBuffer<T> for Box<[T; N]> {
    #[inline(always)]
    fn as_slice(&self) -> &[T] {
        &self[..]
    }
    #[inline(always)]
    fn as_mut_slice(&mut self) -> &mut [T] {
        &mut self[..]
    }
    fn filled(len: usize, value: T) -> Result<Self, LengthError> {
        if len != N {
            return Err(LengthError {
                expected: N,
                found: len,
            });
        }
        // NOTE: through a `Vec` so that the array is never on the stack.
        let boxed: Box<[T]> = vec![value; N].into_boxed_slice();
        Ok(boxed
            .try_into()
            .unwrap_or_else(|_| unreachable!("length is N")))
    }
}

#[cfg(feature = "alloc")]
impl<T: Scalar, const N: usize> FixedBuffer<T> for Box<[T; N]> {
    const LEN: usize = N;
}

#[cfg(feature = "alloc")]
impl<T: Scalar> StateBuffer<T> for Vec<T> {
    #[inline(always)]
    fn as_slice(&self) -> &[T] {
        self
    }
    #[inline(always)]
    fn as_mut_slice(&mut self) -> &mut [T] {
        self
    }
    fn filled(len: usize, value: T) -> Result<Self, LengthError> {
        Ok(vec![value; len])
    }
}

#[cfg(feature = "alloc")]
impl<T: Scalar> StateBuffer<T> for Box<[T]> {
    #[inline(always)]
    fn as_slice(&self) -> &[T] {
        self
    }
    #[inline(always)]
    fn as_mut_slice(&mut self) -> &mut [T] {
        self
    }
    fn filled(len: usize, value: T) -> Result<Self, LengthError> {
        Ok(vec![value; len].into_boxed_slice())
    }
}
