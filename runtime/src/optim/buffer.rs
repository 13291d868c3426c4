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
