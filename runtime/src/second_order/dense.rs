//! Dense Hessians, Hessian-vector products over a data set, and the parameter Jacobian, on the
//! heap.

use alloc::vec;

use nalgebra::{DMatrix, DVector};

use super::{SecondOrder, SecondOrderError, flat_ref};
use crate::Scalar;
use crate::network::Flat;

/// The largest number of parameters a dense Hessian is formed for: 4096, whose Hessian is
/// 4096² values (128 MiB in `f64`). Above it, [`hessian`] and [`dataset_hessian`] (and Newton)
/// return [`SecondOrderError::TooLarge`].
pub const MAX_DENSE_PARAMS: usize = 4096;

fn check_size(params: usize) -> Result<(), SecondOrderError> {
    if params > MAX_DENSE_PARAMS {
        Err(SecondOrderError::TooLarge {
            params,
            limit: MAX_DENSE_PARAMS,
        })
    } else {
        Ok(())
    }
}

/// The Hessian ∂²E/∂θ² of one sample's loss (PARAMS × PARAMS, in flat `state_dict` order),
/// column by column: column k is H·e_k from [`SecondOrder::hvp_into`]. Exact (analytic).
pub fn hessian<T: Scalar, N: SecondOrder<T>>(
    net: &N,
    x: &N::Input,
    target: &N::Target,
) -> Result<DMatrix<T>, SecondOrderError> {
    dataset_hessian(net, core::slice::from_ref(&(x.clone(), target.clone()))).map(|(_, _, h)| h)
}

/// The mean loss over `data`, its gradient and its Hessian, (1/m) Σ_i ∇²E_i: m·PARAMS
/// Hessian-vector products. Refused above [`MAX_DENSE_PARAMS`] parameters.
///
/// The mean is the objective of full-batch training ([`crate::train`] averages over a batch);
/// the Hessian of the summed loss Σ_i E_i is m times this one.
pub fn dataset_hessian<T: Scalar, N: SecondOrder<T>>(
    net: &N,
    data: &[(N::Input, N::Target)],
) -> Result<(T, DVector<T>, DMatrix<T>), SecondOrderError> {
    check_size(N::PARAMS)?;
    if data.is_empty() {
        return Err(SecondOrderError::EmptyData);
    }
    let n = N::PARAMS;
    let scale = T::one() / T::lit(data.len() as f64);
    let mut h = DMatrix::<T>::zeros(n, n);
    let mut grad = DVector::<T>::zeros(n);
    let mut loss = T::zero();
    let mut dir = vec![T::zero(); n];
    let mut g = N::Gradients::boxed_zeros();
    let mut hv = N::Gradients::boxed_zeros();
    for k in 0..n {
        dir[k] = T::one();
        let v: &N = flat_ref(&dir)?;
        hv.as_mut_slice().fill(T::zero());
        g.as_mut_slice().fill(T::zero());
        let mut total = T::zero();
        for (x, t) in data {
            total += net.hvp_into(x, t, v, &mut g, &mut hv);
        }
        dir[k] = T::zero();
        for (dst, src) in h.column_mut(k).iter_mut().zip(hv.as_slice()) {
            *dst = *src * scale;
        }
        if k == 0 {
            loss = total * scale;
            for (dst, src) in grad.iter_mut().zip(g.as_slice()) {
                *dst = *src * scale;
            }
        }
    }
    Ok((loss, grad, h))
}

/// The mean loss over `data` and its gradient, (1/m) Σ_i ∇E_i.
pub fn dataset_gradient<T: Scalar, N: SecondOrder<T>>(
    net: &N,
    data: &[(N::Input, N::Target)],
) -> Result<(T, DVector<T>), SecondOrderError> {
    if data.is_empty() {
        return Err(SecondOrderError::EmptyData);
    }
    let scale = T::one() / T::lit(data.len() as f64);
    let mut g = N::Gradients::boxed_zeros();
    let mut total = T::zero();
    for (x, t) in data {
        total += net.backward_into(x, t, &mut g);
    }
    Ok((
        total * scale,
        DVector::from_iterator(N::PARAMS, g.as_slice().iter().map(|v| *v * scale)),
    ))
}

/// One sample's loss, gradient and Hessian-vector product H·v, without forming H (no size
/// limit). `v` has `PARAMS` values in flat order.
pub fn hvp<T: Scalar, N: SecondOrder<T>>(
    net: &N,
    x: &N::Input,
    target: &N::Target,
    v: &[T],
) -> Result<(T, DVector<T>, DVector<T>), SecondOrderError> {
    dataset_hvp(net, core::slice::from_ref(&(x.clone(), target.clone())), v)
}

/// The mean loss over `data`, its gradient and its Hessian-vector product (1/m) Σ_i ∇²E_i·v,
/// without forming the Hessian (no size limit).
pub fn dataset_hvp<T: Scalar, N: SecondOrder<T>>(
    net: &N,
    data: &[(N::Input, N::Target)],
    v: &[T],
) -> Result<(T, DVector<T>, DVector<T>), SecondOrderError> {
    if data.is_empty() {
        return Err(SecondOrderError::EmptyData);
    }
    let dir: &N = flat_ref(v)?;
    let scale = T::one() / T::lit(data.len() as f64);
    let mut g = N::Gradients::boxed_zeros();
    let mut hv = N::Gradients::boxed_zeros();
    let mut total = T::zero();
    for (x, t) in data {
        total += net.hvp_into(x, t, dir, &mut g, &mut hv);
    }
    let scaled = |b: &N::Gradients| {
        DVector::from_iterator(N::PARAMS, b.as_slice().iter().map(|v| *v * scale))
    };
    Ok((total * scale, scaled(&g), scaled(&hv)))
}

/// The Jacobian of the outputs with respect to the parameters, ∂y/∂θ (OUTPUTS × PARAMS), and
/// the output y: one backward pass per output. Entry (k, j) is how much output k moves per unit
/// of parameter j (flat `state_dict` order).
pub fn output_param_jacobian<T: Scalar, N: SecondOrder<T>>(
    net: &N,
    x: &N::Input,
) -> (DVector<T>, DMatrix<T>) {
    let mut j = DMatrix::<T>::zeros(N::OUTPUTS, N::PARAMS);
    let mut y = DVector::<T>::zeros(N::OUTPUTS);
    let mut dy = vec![T::zero(); N::OUTPUTS];
    let mut row = N::Gradients::boxed_zeros();
    for k in 0..N::OUTPUTS {
        dy[k] = T::one();
        row.as_mut_slice().fill(T::zero());
        // NOTE: `dy` and `y` have OUTPUTS values by construction, so this cannot fail.
        let _ = net.output_vjp_into(x, &dy, &mut row, y.as_mut_slice());
        dy[k] = T::zero();
        for (dst, src) in j.row_mut(k).iter_mut().zip(row.as_slice()) {
            *dst = *src;
        }
    }
    (y, j)
}
