function pyneuro_export(filename, mnet, varargin)
%PYNEURO_EXPORT  Write a network's weights and settings in the layout pyneuro.load_mat reads.
%
%   PYNEURO_EXPORT(FILENAME, NET) writes NET (a feed-forward network made by newff,
%   feedforwardnet, fitnet or cascadeforwardnet, or a struct with the same fields) to the
%   MAT-file FILENAME: net.IW, net.LW, net.b, each layer's size, transferFcn and initFcn, the
%   input range, the input and output processing (processFcns, processParams,
%   processSettings), the learn flags, trainFcn/trainParam, performFcn/performParam and
%   divideFcn/divideParam.
%   Works in MATLAB and GNU Octave, with or without the Neural Network Toolbox.
%
%   PYNEURO_EXPORT(FILENAME, NET, 'name', value, ...) stores settings beside the network,
%   e.g. the premnmx statistics:
%       pyneuro_export('net.mat', net, 'minp', minp, 'maxp', maxp, 'mint', mint, 'maxt', maxt)
%   or mapminmax settings structs ([pn, ps] = mapminmax(p)):
%       pyneuro_export('net.mat', net, 'ps', ps, 'ts', ts)
%
%   In Python: net, settings = pyneuro.load_mat('net.mat').
%
%   Shipped with pyneuro (pyneuro/io/matlab); the layout is described in pyneuro.io.matfile.

if mod(numel(varargin), 2) ~= 0
  error('pyneuro_export:args', 'pyneuro_export: settings come in ''name'', value pairs.');
end
N = mnet.numLayers;
if field_or(mnet, 'numInputs', 1) ~= 1
  error('pyneuro_export:inputs', ...
        'pyneuro_export: pyneuro reads networks with one input; this one has %d.', mnet.numInputs);
end
check_feedforward(mnet, N);
inputs = field_or(mnet, 'inputs', {struct()});
input = inputs{1};
R = field_or(input, 'size', size(mnet.IW{1, 1}, 2));

net = struct();
net.format = 'pyneuro-net';
net.format_version = 1;
net.name = field_or(mnet, 'name', 'Feed-Forward Neural Network');
net.numInputs = 1;
net.numLayers = N;
in = processing(input);
in.size = R;
in.range = field_or(input, 'range', repmat([-1 1], R, 1));
in.processedRange = field_or(input, 'processedRange', in.range);
net.inputs = {in};
out = struct('processFcns', {{}}, 'processParams', {{}}, 'processSettings', {{}});
if any(strcmp(fieldnames(mnet), 'outputs')) && ~isempty(mnet.outputs{N})
  out = processing(mnet.outputs{N});
  out.size = field_or(mnet.outputs{N}, 'size', mnet.layers{N}.size);
  out.range = field_or(mnet.outputs{N}, 'range', []);
else
  out.size = mnet.layers{N}.size;
  out.range = [];
end
net.outputs = cell(1, N);
net.outputs{N} = out;
net.layers = cell(N, 1);
net.biases = cell(N, 1);
net.inputWeights = cell(N, 1);
net.layerWeights = cell(N, N);
net.IW = cell(N, 1);
net.LW = cell(N, N);
net.b = cell(N, 1);
for i = 1:N
  layer = mnet.layers{i};
  net.layers{i} = struct('size', layer.size, 'transferFcn', layer.transferFcn, ...
                         'initFcn', layer_init(layer));
  net.biases{i} = struct('learn', learn_flag(mnet, 'biases', i, 1));
  net.b{i} = mnet.b{i};
  if ~isempty(mnet.IW{i, 1})
    net.IW{i} = mnet.IW{i, 1};
    net.inputWeights{i} = struct('learn', learn_flag(mnet, 'inputWeights', i, 1));
  end
  for j = 1:i - 1
    if ~isempty(mnet.LW{i, j})
      net.LW{i, j} = mnet.LW{i, j};
      net.layerWeights{i, j} = struct('learn', learn_flag(mnet, 'layerWeights', i, j));
    end
  end
end
net.trainFcn = field_or(mnet, 'trainFcn', 'trainlm');
net.trainParam = plain_struct(field_or(mnet, 'trainParam', struct()));
net.performFcn = field_or(mnet, 'performFcn', 'mse');
net.performParam = plain_struct(field_or(mnet, 'performParam', struct()));
net.divideFcn = field_or(mnet, 'divideFcn', '');
net.divideParam = plain_struct(field_or(mnet, 'divideParam', struct()));
net.divideMode = field_or(mnet, 'divideMode', 'sample');
net.learnFcn = 'learngdm';
input_weights = field_or(mnet, 'inputWeights', {});
if ~isempty(input_weights) && ~isempty(input_weights{1, 1})
  net.learnFcn = field_or(input_weights{1, 1}, 'learnFcn', 'learngdm');
end
net.adaptFcn = field_or(mnet, 'adaptFcn', 'trains');
net.initFcn = field_or(mnet, 'initFcn', 'initlay');

settings = struct();
for k = 1:2:numel(varargin)
  settings.(varargin{k}) = varargin{k + 1};
end
save(filename, 'net', 'settings', '-v6');
end

function out = processing(record)
% processFcns, processParams (plain structs) and processSettings of an input or output.
out = struct();
out.processFcns = field_or(record, 'processFcns', {});
params = field_or(record, 'processParams', {});
for k = 1:numel(params)
  params{k} = plain_struct(params{k});
end
out.processParams = params;
out.processSettings = field_or(record, 'processSettings', {});
end

function value = field_or(s, name, default)
% s.(name) if s (a struct or an object) has that field, else default.
if any(strcmp(fieldnames(s), name))
  value = s.(name);
else
  value = default;
end
end

function flag = learn_flag(mnet, name, i, j)
% mnet.(name){i,j}.learn, true when the struct has no such entry (the toolbox's default).
flag = true;
entries = field_or(mnet, name, {});
if size(entries, 1) >= i && size(entries, 2) >= j && ~isempty(entries{i, j})
  flag = logical(field_or(entries{i, j}, 'learn', true));
end
end

function name = layer_init(layer)
name = field_or(layer, 'initFcn', 'initnw');
if isempty(name)
  name = 'initnw';
end
end

function out = plain_struct(params)
% The scalar, logical and text fields of a trainParam/performParam (an object in MATLAB).
out = struct();
names = fieldnames(params);
for k = 1:numel(names)
  value = params.(names{k});
  if ischar(value) || ((isnumeric(value) || islogical(value)) && numel(value) <= 1)
    out.(names{k}) = value;
  end
end
end

function check_feedforward(mnet, N)
% pyneuro's networks are feed-forward: IW{i,1} and LW{i,j} with j < i, and a bias per layer.
if size(mnet.IW, 2) > 1
  error('pyneuro_export:inputs', 'pyneuro_export: pyneuro reads networks with one input.');
end
for i = 1:N
  for j = i:N
    if ~isempty(mnet.LW{i, j})
      error('pyneuro_export:layout', ['pyneuro_export: LW{%d,%d} feeds a layer back; pyneuro ' ...
            'reads feed-forward nets only.'], i, j);
    end
  end
  if isempty(mnet.b{i})
    error('pyneuro_export:layout', 'pyneuro_export: layer %d has no bias; pyneuro needs b{%d}.', i, i);
  end
end
end
