"""The f32 coefficients of math::f32's e^r - 1 = r + r^2 q(r), |r| <= ln(2)/2 (dev-only; needs
numpy and mpmath, e.g. /work/venv-torch):

    python3 tools/accuracy/fit_expm1.py 5     # q of degree 5: the coefficients in the code

A near-minimax fit of the relative error of e^r - 1 (iteratively reweighted least squares on
Chebyshev nodes), each coefficient rounded to f32 in turn and the remaining ones refitted. Prints
the coefficients (decimal and hex) and the maximum relative error of e^r - 1 and of e^r in units
of 2^-24, in exact arithmetic (the rounding of the evaluation comes on top; tools/accuracy
measures the whole function).
"""
import numpy as np, mpmath as mp, sys
mp.mp.dps=40
L=float(mp.log(2)/2)*1.0002
deg=int(sys.argv[1])
N=3001
rs=np.cos(np.pi*(np.arange(N)+0.5)/N)*L
qe=np.array([float((mp.expm1(mp.mpf(r))-r)/mp.mpf(r)**2) for r in rs])
em1=np.array([float(mp.expm1(r)) for r in rs])
w=rs**2/np.abs(em1)
V=np.vander(rs,deg+1,increasing=True)
fixed={}
def fit():
    free=[i for i in range(deg+1) if i not in fixed]
    rhs=qe-sum(V[:,i]*v for i,v in fixed.items())
    W=np.ones(N)
    for it in range(80):
        A=V[:,free]*(w*W)[:,None]
        c,*_=np.linalg.lstsq(A,rhs*w*W,rcond=None)
        err=(V[:,free]@c-rhs)*w
        W=W*(np.abs(err)/np.abs(err).max())**0.3+1e-12; W/=W.max()
    full=np.zeros(deg+1)
    for i,v in fixed.items(): full[i]=v
    for i,v in zip(free,c): full[i]=v
    return full
for i in range(deg+1):
    c=fit()
    fixed[i]=float(np.float32(c[i]))
c=np.array([fixed[i] for i in range(deg+1)])
err=(V@c-qe)*w
print([repr(float(np.float32(x))) for x in c]); print([float(x).hex() for x in c]); print("max rel err of expm1, 2^-24 units:", np.abs(err).max()/2**-24)
# exp relative error: r^2 dq / e^r
erre=(V@c-qe)*rs**2/np.exp(rs)
print("exp rel err 2^-24 units", np.abs(erre).max()/2**-24)
