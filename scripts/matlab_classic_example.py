"""The classic MATLAB BP regression script, ported line by line to pyneuro.

MATLAB (each line's twin is in the comment above the Python line below)::

    Data = load('Test.txt');  P = Data(:,1:end-1)';  T = Data(:,end)';
    [pn,minp,maxp,tn,mint,maxt] = premnmx(P,T);
    net = newff(minmax(pn),[10 1],{'tansig','purelin'},'traingdm');
    net.trainParam.lr = 0.05;  net.trainParam.epochs = 2000;  net.trainParam.goal = 1e-3;
    [net,tr] = train(net,pn,tn);
    a = postmnmx(sim(net,tramnmx(Pcheck,minp,maxp)),mint,maxt);

Run from anywhere: ``python scripts/matlab_classic_example.py``. It trains on
``sample_data/Test.txt`` (300 cars of the Auto MPG data), predicts the 92 cars of
``sample_data/Check.txt``, and prints MATLAB's training lines and the errors in mpg, with
ordinary least squares on the same split for comparison.
"""

from pathlib import Path

import numpy as np

import pyneuro as nn

DATA = Path(__file__).resolve().parent.parent / "sample_data"


def main():
    # rng default  (MATLAB's start-up random stream; makes the run repeatable)
    nn.rng("default")

    # Data = load('Test.txt');  P = Data(:,1:end-1)';  T = Data(:,end)';
    Data = nn.load_txt(DATA / "Test.txt")
    P = Data[:, :-1].T
    T = Data[:, -1:].T
    # Check = load('Check.txt');  Pcheck = Check(:,1:end-1)';  Tcheck = Check(:,end)';
    Check = nn.load_txt(DATA / "Check.txt")
    Pcheck = Check[:, :-1].T
    Tcheck = Check[:, -1:].T

    # [pn,minp,maxp,tn,mint,maxt] = premnmx(P,T);
    pn, minp, maxp, tn, mint, maxt = nn.premnmx(P, T)

    # net = newff(minmax(pn),[10 1],{'tansig','purelin'},'traingdm');
    net = nn.newff(nn.minmax(pn), [10, 1], ["tansig", "purelin"], "traingdm")

    # net.trainParam.lr = 0.05;  net.trainParam.epochs = 2000;  net.trainParam.goal = 1e-3;
    net.trainParam.lr = 0.05
    net.trainParam.epochs = 2000
    net.trainParam.goal = 1e-3
    net.trainParam.show = 250

    # [net,tr] = train(net,pn,tn);
    net, tr = nn.train(net, pn, tn)

    # a = postmnmx(sim(net,tramnmx(Pcheck,minp,maxp)),mint,maxt);
    a = nn.postmnmx(nn.sim(net, nn.tramnmx(Pcheck, minp, maxp)), mint, maxt)

    # e = Tcheck - a;  rmse = sqrt(mse(e));  [m,b,r] = postreg(a,Tcheck);
    e = Tcheck - a
    rmse = np.sqrt(nn.mse(e))
    mae = np.mean(np.abs(e))
    r = np.corrcoef(a.ravel(), Tcheck.ravel())[0, 1]

    # Ordinary least squares on the same split, for comparison (MATLAB: [P' ones] \ T').
    X = np.column_stack([P.T, np.ones(P.shape[1])])
    coef = np.linalg.lstsq(X, T.ravel(), rcond=None)[0]
    ols = np.column_stack([Pcheck.T, np.ones(Pcheck.shape[1])]) @ coef
    ols_rmse = np.sqrt(np.mean((Tcheck.ravel() - ols) ** 2))

    print(f"Trained {tr.num_epochs} epochs ({tr.stop}); best epoch {tr.best_epoch}, "
          f"training MSE {tr.best_perf:.5g} (normalised units)")
    print(f"Check file, {Tcheck.shape[1]} cars: RMSE {rmse:.3f} mpg, MAE {mae:.3f} mpg, "
          f"R {r:.4f}")
    print(f"Ordinary least squares on the same split: RMSE {ols_rmse:.3f} mpg")
    print("The network beats least squares." if rmse < ols_rmse
          else "The network does NOT beat least squares.")
    return rmse, ols_rmse


if __name__ == "__main__":
    main()
