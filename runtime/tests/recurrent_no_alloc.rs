//! No heap in the sequence layers: a counting global allocator sees zero allocations while
//! GRU, LSTM and causal Conv1d layers (f32 and f64, small and `gemv`-sized) step, step with a
//! trace into a caller's fixed buffer, and backpropagate through time over it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use typenet_runtime::nalgebra::SVector;
use typenet_runtime::{
    Conv1d, Conv1dCarry, Conv1dNoBias, Conv1dState, Conv1dTrace, Flat, Gru, GruCarry, GruState,
    GruTrace, Lstm, LstmCarry, LstmState, LstmTrace, Scalar,
};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Whether this thread is being counted. NOTE: only the counting thread's allocations
    /// count, so that the test harness's own threads cannot make the count flaky.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn note() {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

// SAFETY: forwards to the system allocator, counting calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.set(true);
    let r = f();
    COUNTING.set(false);
    (ALLOCATIONS.load(Ordering::SeqCst) - before, r)
}

const STEPS: usize = 32;

fn filled<T: Scalar, L: Flat<T>>() -> L {
    let mut l = L::zeros();
    for (k, v) in l.as_mut_slice().iter_mut().enumerate() {
        *v = T::lit(((k * 37 % 101) as f64 / 101.0 - 0.5) * 0.5);
    }
    l
}

fn x<T: Scalar, const N: usize>(t: usize) -> SVector<T, N> {
    SVector::from_fn(|i, _| T::lit(((t * 13 + i * 7) % 17) as f64 / 17.0 - 0.5))
}

fn gru<T: Scalar, const I: usize, const H: usize, const G: usize>() {
    let l: Gru<T, I, H, G> = filled();
    let (n, _) = allocations(|| {
        let mut s = GruState::zeros();
        let mut traces = [GruTrace::zeros(); STEPS];
        let mut y = SVector::zeros();
        for (t, tr) in traces.iter_mut().enumerate() {
            y = l.step(&mut s, &x(t));
            l.step_traced(&mut s, &x(t), tr);
        }
        let mut g = Gru::zeros();
        let mut carry = GruCarry::zeros();
        let mut dx = SVector::zeros();
        for tr in traces.iter().rev() {
            dx += l.backward_step(tr, &y, &mut carry, &mut g);
        }
        s.reset();
        carry.reset();
        (y, dx, g)
    });
    assert_eq!(n, 0, "GRU {I} → {H} allocated {n} times");
}

fn lstm<T: Scalar, const I: usize, const H: usize, const G: usize>() {
    let l: Lstm<T, I, H, G> = filled();
    let (n, _) = allocations(|| {
        let mut s = LstmState::zeros();
        let mut traces = [LstmTrace::zeros(); STEPS];
        let mut y = SVector::zeros();
        for (t, tr) in traces.iter_mut().enumerate() {
            y = l.step(&mut s, &x(t));
            l.step_traced(&mut s, &x(t), tr);
        }
        let mut g = Lstm::zeros();
        let mut carry = LstmCarry::zeros();
        let mut dx = SVector::zeros();
        for tr in traces.iter().rev() {
            dx += l.backward_step(tr, &y, &mut carry, &mut g);
        }
        s.reset();
        carry.reset();
        (y, dx, g)
    });
    assert_eq!(n, 0, "LSTM {I} → {H} allocated {n} times");
}

fn conv<
    T: Scalar,
    const CIN: usize,
    const COUT: usize,
    const K: usize,
    const D: usize,
    const CK: usize,
    const R: usize,
>() {
    let l: Conv1d<T, CIN, COUT, K, D, CK, R> = filled();
    let nb: Conv1dNoBias<T, CIN, COUT, K, D, CK, R> = filled();
    let (n, _) = allocations(|| {
        let mut s = Conv1dState::zeros();
        let mut traces = [Conv1dTrace::zeros(); STEPS];
        let mut y = SVector::zeros();
        for (t, tr) in traces.iter_mut().enumerate() {
            y = l.step(&mut s, &x(t)) + nb.step(&mut s, &x(t));
            l.step_traced(&mut s, &x(t), tr);
        }
        let (mut g, mut gn) = (Conv1d::zeros(), Conv1dNoBias::zeros());
        let mut carry = Conv1dCarry::zeros();
        let mut dx = SVector::zeros();
        for tr in traces.iter().rev() {
            dx += l.backward_step(tr, &y, &mut carry, &mut g);
            dx += nb.backward_step(tr, &y, &mut carry, &mut gn);
        }
        s.reset();
        carry.reset();
        (y, dx, g, gn)
    });
    assert_eq!(n, 0, "Conv1d {CIN} → {COUT} allocated {n} times");
}

// One test function, so that no other test of this binary allocates while we count.
#[test]
fn sequence_layers_allocate_nothing() {
    gru::<f32, 1, 8, 24>();
    gru::<f64, 3, 32, 96>();
    lstm::<f32, 1, 64, 256>();
    lstm::<f64, 4, 5, 20>();
    conv::<f32, 16, 16, 3, 8, 48, 17>();
    conv::<f64, 2, 3, 2, 1, 4, 2>();
}
