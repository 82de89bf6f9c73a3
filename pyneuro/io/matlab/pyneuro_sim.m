function Y = pyneuro_sim(net, P, settings)
%PYNEURO_SIM  Evaluate a network saved by pyneuro, in MATLAB or GNU Octave, with no toolbox.
%
%   Y = PYNEURO_SIM(NET, P) is the network's output for inputs P (R x Q, one column per
%   sample), as the toolbox's SIM(NET, P) gives it. NET is the struct 'net' of a .mat file
%   written by pyneuro (pyneuro.save_mat, or 'pyneuro train --save net.mat'), or the name of
%   that file. The net's own processing (processFcns: mapminmax, mapstd, removeconstantrows)
%   is applied as SIM applies it, and any feed-forward connections (cascadeforwardnet) are
%   followed. A feed-forward network object of the toolbox works too.
%
%   Y = PYNEURO_SIM(NET, P, SETTINGS) also normalises: with SETTINGS.minp and .maxp (from
%   premnmx) the inputs go through tramnmx first, and with SETTINGS.mint and .maxt the
%   outputs through postmnmx after, so Y is in the targets' original units, as
%   'pyneuro sim net.mat data.txt' computes it.
%
%   Example:
%       s = load('net.mat');
%       Y = pyneuro_sim(s.net, P, s.settings);
%
%   Shipped with pyneuro (pyneuro/io/matlab); the layout is described in pyneuro.io.matfile.

if ischar(net)
  contents = load(net);
  net = contents.net;
end
if nargin < 3
  settings = struct();
end
Q = size(P, 2);
if isfield(settings, 'minp') && isfield(settings, 'maxp')
  P = scale_rows(P, settings.minp, settings.maxp, Q, false);
end
% The net's own input processing (newff(P,T,S), feedforwardnet, fitnet), as sim applies it.
[fcns, ps] = processing(net.inputs{1});
for k = 1:numel(fcns)
  P = process(fcns{k}, ps{k}, P, false);
end
A = cell(net.numLayers, 1);
for i = 1:net.numLayers
  N = repmat(net.b{i}, 1, Q);
  if ~isempty(net.IW{i, 1})
    N = N + net.IW{i, 1} * P;
  end
  for j = 1:i - 1
    if ~isempty(net.LW{i, j})
      N = N + net.LW{i, j} * A{j};
    end
  end
  A{i} = transfer(net.layers{i}.transferFcn, N);
end
Y = A{net.numLayers};
if has(net, 'outputs') && ~isempty(net.outputs{net.numLayers})
  [fcns, ps] = processing(net.outputs{net.numLayers});
  for k = numel(fcns):-1:1
    Y = process(fcns{k}, ps{k}, Y, true);
  end
end
if isfield(settings, 'mint') && isfield(settings, 'maxt')
  Y = scale_rows(Y, settings.mint, settings.maxt, Q, true);
end
end

function yes = has(s, name)
% Whether s (a struct or a network object) has the field name.
yes = any(strcmp(fieldnames(s), name));
end

function [fcns, ps] = processing(record)
fcns = {};
ps = {};
if has(record, 'processFcns') && ~isempty(record.processFcns)
  fcns = record.processFcns;
  ps = record.processSettings;
  if ischar(fcns)
    fcns = {fcns};
    ps = {ps};
  end
end
end

function X = process(name, ps, X, reverse)
% MATLAB's processing functions, 'apply' (reverse false) or 'reverse', from their settings.
Q = size(X, 2);
switch name
  case {'mapminmax', 'mapstd'}
    if strcmp(name, 'mapminmax')
      base = ps.ymin;
    else
      base = ps.ymean;
    end
    if reverse
      X = (X - base) ./ repmat(ps.gain(:), 1, Q) + repmat(ps.xoffset(:), 1, Q);
    else
      X = (X - repmat(ps.xoffset(:), 1, Q)) .* repmat(ps.gain(:), 1, Q) + base;
    end
  case 'removeconstantrows'
    if reverse
      Y = zeros(ps.xrows, Q);
      Y(ps.keep, :) = X;
      Y(ps.remove, :) = repmat(ps.value(:), 1, Q);
      X = Y;
    else
      X = X(ps.keep, :);
    end
  otherwise
    error('pyneuro_sim:process', ...
          'pyneuro_sim: processing function ''%s'' is not supported here.', name);
end
end

function X = scale_rows(X, lo, hi, Q, reverse)
% tramnmx (reverse false) or postmnmx (reverse true); a constant row (lo == hi) is left as it
% is, as pyneuro and MATLAB's premnmx do.
lo = lo(:); hi = hi(:);
span = hi - lo;
keep = span ~= 0;
span(~keep) = 1;
if reverse
  Y = (X + 1) / 2 .* repmat(span, 1, Q) + repmat(lo, 1, Q);
else
  Y = 2 * (X - repmat(lo, 1, Q)) ./ repmat(span, 1, Q) - 1;
end
X(keep, :) = Y(keep, :);
end

function A = transfer(name, N)
switch lower(name)
  case 'tansig'
    A = 2 ./ (1 + exp(-2 * N)) - 1;
  case 'logsig'
    A = 1 ./ (1 + exp(-N));
  case 'purelin'
    A = N;
  case 'poslin'
    A = max(N, 0);
  case 'satlin'
    A = min(max(N, 0), 1);
  case 'satlins'
    A = min(max(N, -1), 1);
  case 'radbas'
    A = exp(-(N .* N));
  case 'hardlim'
    A = double(N >= 0);
  case 'hardlims'
    A = 2 * double(N >= 0) - 1;
  case 'elliotsig'
    A = N ./ (1 + abs(N));
    A(isinf(N)) = sign(N(isinf(N)));
  case 'softmax'
    E = exp(N - repmat(max(N, [], 1), size(N, 1), 1));
    A = E ./ repmat(sum(E, 1), size(N, 1), 1);
  otherwise
    error('pyneuro_sim:transfer', 'pyneuro_sim: unknown transfer function ''%s''.', name);
end
end
