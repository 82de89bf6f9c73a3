"""Port 2: an NNT 5-era script: dlmread, mapminmax, trainlm with early stopping, postreg, save.

Before (MATLAB)::

    Data = dlmread('Test.txt', ' ', 3, 0);        % skip the three header lines
    p = Data(:,1:7)';  t = Data(:,8)';
    [pn,ps] = mapminmax(p);  [tn,ts] = mapminmax(t);
    iv = 2:4:size(p,2);  it = setdiff(1:size(p,2), iv);
    VV.P = pn(:,iv);  VV.T = tn(:,iv);
    net = newff(minmax(pn),[8 1],{'tansig','purelin'},'trainlm');
    net.trainParam.epochs = 300;  net.trainParam.goal = 1e-5;  net.trainParam.show = NaN;
    [net,tr] = train(net,pn(:,it),tn(:,it),[],[],VV);
    Check = dlmread('Check.txt', ' ', 3, 0);
    pc = mapminmax('apply', Check(:,1:7)', ps);
    a = mapminmax('reverse', sim(net,pc), ts);
    [m,b,r] = postreg(a, Check(:,8)');
    save net.mat net ps ts

After: :func:`main`, each MATLAB line above its Python twin. ``python
scripts/port_mapminmax_trainlm.py`` runs it (writing net.mat in the current folder, as the
MATLAB script does); the test suite runs it and checks its numbers.
"""

from pathlib import Path

import numpy as np

import pyneuro as nn

FOLDER = Path(__file__).resolve().parent.parent / "sample_data"


def main(folder=FOLDER, out_folder=".", show=True):
    """Run the port; return a dict of its results (for the tests)."""
    folder = Path(folder)
    # rng default
    nn.rng("default")
    # Data = dlmread('Test.txt', ' ', 3, 0);   (R = 3: start on the fourth line, 0-based)
    Data = nn.dlmread(folder / "Test.txt", " ", 3, 0)
    # p = Data(:,1:7)';  t = Data(:,8)';       (columns 1..7 are 0..6 in Python)
    p = Data[:, 0:7].T
    t = Data[:, 7:8].T
    # [pn,ps] = mapminmax(p);  [tn,ts] = mapminmax(t);
    pn, ps = nn.mapminmax(p)
    tn, ts = nn.mapminmax(t)
    # iv = 2:4:size(p,2);  it = setdiff(1:size(p,2), iv);   (1-based 2, 6, 10 ... is 1, 5, 9)
    iv = np.arange(1, p.shape[1], 4)
    it = np.setdiff1d(np.arange(p.shape[1]), iv)
    # VV.P = pn(:,iv);  VV.T = tn(:,iv);
    VV = {"P": pn[:, iv], "T": tn[:, iv]}
    # net = newff(minmax(pn),[8 1],{'tansig','purelin'},'trainlm');
    net = nn.newff(nn.minmax(pn), [8, 1], ["tansig", "purelin"], "trainlm")
    # net.trainParam.epochs = 300;  net.trainParam.goal = 1e-5;  net.trainParam.show = NaN;
    net.trainParam.epochs = 300
    net.trainParam.goal = 1e-5
    net.trainParam.show = None
    # [net,tr] = train(net,pn(:,it),tn(:,it),[],[],VV);
    net, tr = nn.train(net, pn[:, it], tn[:, it], None, None, VV)
    # Check = dlmread('Check.txt', ' ', 3, 0);
    Check = nn.dlmread(folder / "Check.txt", " ", 3, 0)
    # pc = mapminmax('apply', Check(:,1:7)', ps);
    pc = nn.mapminmax("apply", Check[:, 0:7].T, ps)
    # a = mapminmax('reverse', sim(net,pc), ts);
    a = nn.mapminmax("reverse", nn.sim(net, pc), ts)
    # [m,b,r] = postreg(a, Check(:,8)');
    m, b, r = nn.postreg(a, Check[:, 7:8].T)
    # save net.mat net ps ts
    out_folder = Path(out_folder)
    nn.save_mat(out_folder / "net.mat", net, ps=ps, ts=ts)

    rmse = float(np.sqrt(nn.mse(Check[:, 7:8].T - a)))
    if show:
        print(f"{tr.stop} (best validation epoch {tr.best_epoch} of {tr.num_epochs})")
        print(f"Check file: RMSE {rmse:.3f} mpg, R {r:.4f}; saved {out_folder / 'net.mat'}")
    return dict(net=net, tr=tr, a=a, pc=pc, r=r, rmse=rmse, ps=ps, ts=ts,
                mat=out_folder / "net.mat", Check=Check)


if __name__ == "__main__":
    main()
