"""Port 1: the classic BP script that reads its files with textread, line by line.

Before (MATLAB, as it circulates in course notes; run in the folder holding Test.txt and
Check.txt)::

    str = {'Test','Check'};
    Data = textread([str{1},'.txt']);
    Input = Data(:,1:end-1);  Output = Data(:,end);
    Data = textread([str{2},'.txt']);
    CheckIn = Data(:,1:end-1);  CheckOut = Data(:,end);
    Input = Input';  Output = Output';  CheckIn = CheckIn';  CheckOut = CheckOut';
    [Input,minp,maxp,Output,mint,maxt] = premnmx(Input,Output);
    net = newff(minmax(Input),[10 1],{'tansig','purelin'},'traingdm');
    net.trainParam.show = NaN;
    net.trainParam.lr = 0.05;  net.trainParam.epochs = 2000;  net.trainParam.goal = 1e-3;
    [net,tr] = train(net,Input,Output);
    CheckIn = tramnmx(CheckIn,minp,maxp);
    Y = sim(net,CheckIn);
    Y = postmnmx(Y,mint,maxt);
    E = CheckOut - Y;  RMSE = sqrt(mse(E))
    [m,b,r] = postreg(Y,CheckOut);

After: :func:`main` below, each MATLAB line in the comment above its Python twin. Run it with
``python scripts/port_textread_premnmx.py``; the test suite runs it too and checks its numbers.
"""

from pathlib import Path

import numpy as np

import pyneuro as nn

FOLDER = Path(__file__).resolve().parent.parent / "sample_data"


def main(folder=FOLDER, show=True):
    """Run the port; return a dict of its results (for the tests)."""
    # rand('twister', 5489)  -- MATLAB's start-up stream, so the run repeats (rng default)
    nn.rand("twister", 5489)

    # str = {'Test','Check'};
    str_ = ["Test", "Check"]  # a cell of names is a list; `str` is a Python builtin
    # Data = textread([str{1},'.txt']);
    Data = nn.textread(Path(folder) / (str_[0] + ".txt"))
    # Input = Data(:,1:end-1);  Output = Data(:,end);
    Input = Data[:, :-1]
    Output = Data[:, -1:]  # -1: keeps a column, as MATLAB's Data(:,end)
    # Data = textread([str{2},'.txt']);
    Data = nn.textread(Path(folder) / (str_[1] + ".txt"))
    # CheckIn = Data(:,1:end-1);  CheckOut = Data(:,end);
    CheckIn = Data[:, :-1]
    CheckOut = Data[:, -1:]
    # Input = Input';  Output = Output';  CheckIn = CheckIn';  CheckOut = CheckOut';
    Input, Output, CheckIn, CheckOut = Input.T, Output.T, CheckIn.T, CheckOut.T
    raw_input, raw_output = Input, Output

    # [Input,minp,maxp,Output,mint,maxt] = premnmx(Input,Output);
    Input, minp, maxp, Output, mint, maxt = nn.premnmx(Input, Output)

    # net = newff(minmax(Input),[10 1],{'tansig','purelin'},'traingdm');
    net = nn.newff(nn.minmax(Input), [10, 1], ["tansig", "purelin"], "traingdm")
    # net.trainParam.show = NaN;
    net.trainParam.show = float("nan")
    # net.trainParam.lr = 0.05;  net.trainParam.epochs = 2000;  net.trainParam.goal = 1e-3;
    net.trainParam.lr = 0.05
    net.trainParam.epochs = 2000
    net.trainParam.goal = 1e-3

    # [net,tr] = train(net,Input,Output);
    net, tr = nn.train(net, Input, Output)

    # CheckIn = tramnmx(CheckIn,minp,maxp);
    CheckIn = nn.tramnmx(CheckIn, minp, maxp)
    # Y = sim(net,CheckIn);
    Y = nn.sim(net, CheckIn)
    # Y = postmnmx(Y,mint,maxt);
    Y = nn.postmnmx(Y, mint, maxt)
    # E = CheckOut - Y;  RMSE = sqrt(mse(E))
    E = CheckOut - Y
    RMSE = np.sqrt(nn.mse(E))
    # [m,b,r] = postreg(Y,CheckOut);
    m, b, r = nn.postreg(Y, CheckOut)

    if show:
        print(f"{tr.stop} after {tr.num_epochs} epochs; training MSE {tr.best_perf:.4g} "
              "(normalised units)")
        print(f"Check file: RMSE {RMSE:.3f} mpg, R {r:.4f} (slope {m:.3f}, intercept {b:.3f})")
    return dict(net=net, tr=tr, Y=Y, CheckOut=CheckOut, CheckIn=CheckIn, RMSE=RMSE, r=r,
                Input=Input, Output=Output, raw_input=raw_input, raw_output=raw_output,
                minp=minp, maxp=maxp, mint=mint, maxt=maxt)


if __name__ == "__main__":
    main()
