"""Port 3: the textbook function-approximation demo (noisy sine), with the old seeding calls.

Before (MATLAB, NNT 3/4 era)::

    rand('state', 0);  randn('state', 0);
    P = -1:0.05:1;
    T = sin(2*pi*P) + 0.1*randn(size(P));
    net = newff(minmax(P), [20 1], {'tansig','purelin'}, 'traingdm');
    net.trainParam.show = 200;
    net.trainParam.lr = 0.05;  net.trainParam.mc = 0.9;
    net.trainParam.epochs = 5000;  net.trainParam.goal = 0.01;
    [net,tr] = train(net, P, T);
    A = sim(net, P);
    E = T - A;  perf = mse(E)
    a = sim(net, 0.25)                      % one new point
    Ptest = -0.975:0.05:0.975;
    err = sqrt(mse(sin(2*pi*Ptest) - sim(net, Ptest)))

After: :func:`main`, each MATLAB line above its Python twin. The numbers differ from MATLAB's
(pyneuro's randn is not MATLAB's ziggurat, and rand('state') was another generator, see
``help(pyneuro.rand)``); the fit is as good. ``python scripts/port_sine_demo.py`` runs it.
"""

import numpy as np

import pyneuro as nn


def main(show=True):
    """Run the port; return a dict of its results (for the tests)."""
    # rand('state', 0);  randn('state', 0);
    nn.rand("state", 0)
    nn.randn("state", 0)
    # P = -1:0.05:1;                (MATLAB's colon: 41 points; np.arange would drift)
    P = np.linspace(-1, 1, 41).reshape(1, -1)
    # T = sin(2*pi*P) + 0.1*randn(size(P));
    T = np.sin(2 * np.pi * P) + 0.1 * nn.randn(*P.shape)
    # net = newff(minmax(P), [20 1], {'tansig','purelin'}, 'traingdm');
    net = nn.newff(nn.minmax(P), [20, 1], ["tansig", "purelin"], "traingdm")
    # net.trainParam.show = 200;
    net.trainParam.show = 200 if show else None
    # net.trainParam.lr = 0.05;  net.trainParam.mc = 0.9;
    net.trainParam.lr = 0.05
    net.trainParam.mc = 0.9
    # net.trainParam.epochs = 5000;  net.trainParam.goal = 0.01;
    net.trainParam.epochs = 5000
    net.trainParam.goal = 0.01
    # [net,tr] = train(net, P, T);
    net, tr = nn.train(net, P, T)
    # A = sim(net, P);
    A = nn.sim(net, P)
    # E = T - A;  perf = mse(E)
    E = T - A
    perf = nn.mse(E)
    # a = sim(net, 0.25)
    a = nn.sim(net, 0.25)
    # Ptest = -0.975:0.05:0.975;
    Ptest = np.linspace(-0.975, 0.975, 40)
    # err = sqrt(mse(sin(2*pi*Ptest) - sim(net, Ptest)))
    err = np.sqrt(nn.mse(np.sin(2 * np.pi * Ptest) - nn.sim(net, Ptest)))
    if show:
        print(f"perf = {perf:.4f} after {tr.num_epochs} epochs ({tr.stop})")
        print(f"a = sim(net, 0.25) = {a[0, 0]:.4f} (sin(pi/2) = 1)")
        print(f"RMSE against the noise-free sine between the training points: {err:.4f}")
    return dict(net=net, tr=tr, P=P, T=T, perf=perf, a=a, err=err)


if __name__ == "__main__":
    main()
