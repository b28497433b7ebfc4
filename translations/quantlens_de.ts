<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Demo</name>
    <message>
        <location filename="../widgets/demomodel.cpp" line="20"/>
        <source>The demo model is missing from this build (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/demomodel.cpp" line="30"/>
        <source>Cannot write the demo model to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../widgets/format.cpp" line="15"/>
        <source>%1 B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/format.cpp" line="17"/>
        <source>%1 M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/format.cpp" line="19"/>
        <source>%1 k</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ql</name>
    <message>
        <location filename="../widgets/errortext.cpp" line="16"/>
        <source>cannot open the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="17"/>
        <source>the file is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="19"/>
        <source>this is not a safetensors, GGUF, HDF5, .npy or .npz file (its first bytes match none of them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="21"/>
        <source>the file is truncated while reading %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="23"/>
        <source>the header length %1 runs past the end of the file (%2 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="25"/>
        <source>malformed JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="26"/>
        <source>malformed header: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="27"/>
        <source>unknown data type &apos;%1&apos; for tensor &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="28"/>
        <source>the shape of tensor &apos;%1&apos; is too large (its size overflows)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="29"/>
        <source>the data of tensor &apos;%1&apos; lies outside the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="30"/>
        <source>the data of tensors &apos;%1&apos; and &apos;%2&apos; overlap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="32"/>
        <source>tensor &apos;%1&apos; should hold %2 bytes but its data range holds %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="34"/>
        <source>archive member &apos;%1&apos; is not a .npy array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="35"/>
        <source>HDF5 error during %1 of &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="36"/>
        <source>shard &apos;%1&apos; named in the index is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="37"/>
        <source>%1 exceeds the limit of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="38"/>
        <source>no tensor named &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="39"/>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/errortext.cpp" line="42"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ql::HistogramView</name>
    <message>
        <location filename="../widgets/histogramview.cpp" line="36"/>
        <source>Log counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="38"/>
        <source>Select a tensor to see its distribution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="40"/>
        <source>Values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="41"/>
        <source>log10 |x|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="42"/>
        <source>Bin the values themselves, or the decimal logarithm of their magnitudes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="43"/>
        <source>Logarithmic count axis: shows the sparse tails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="102"/>
        <source>count per log10|x| bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="102"/>
        <source>count per bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="123"/>
        <source>log10 |value|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="123"/>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="140"/>
        <source>count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/histogramview.cpp" line="151"/>
        <source>p%1 = %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ql::MainWindow</name>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="58"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="60"/>
        <location filename="../app/gui/mainwindow.cpp" line="337"/>
        <source>QuantLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="75"/>
        <source>Filter tensors by name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="98"/>
        <source>Tensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="99"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="118"/>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="133"/>
        <source>Open a model file: safetensors, GGUF, HDF5 / Keras .h5, .npy or .npz.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="144"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="145"/>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="146"/>
        <source>Open model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="147"/>
        <source>Model files (*.safetensors *.gguf *.h5 *.hdf5 *.keras *.npy *.npz *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="152"/>
        <source>Open &amp;Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="153"/>
        <source>Open sharded checkpoint folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="157"/>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="159"/>
        <source>Open &amp;Demo Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="160"/>
        <source>Digits classifier (MLP, safetensors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="161"/>
        <source>stories260K (Llama, GGUF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="163"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="166"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="167"/>
        <source>&amp;Expand All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="168"/>
        <source>&amp;Collapse All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="170"/>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="171"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="176"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="177"/>
        <source>&amp;About QuantLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="178"/>
        <source>About QuantLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="179"/>
        <source>&lt;b&gt;QuantLens&lt;/b&gt; %1&lt;br&gt;A quantization explorer: open a model, see how its tensors are distributed and what number formats do to them.&lt;br&gt;&lt;br&gt;The stories260K demo model is from Andrej Karpathy&apos;s llama2.c (MIT License).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="201"/>
        <source>Opening %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="225"/>
        <source>%1 — QuantLens</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/mainwindow.cpp" line="226"/>
        <source>%n tensor(s) loaded.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="230"/>
        <source>%1: no tensor named &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="245"/>
        <source>Computing statistics of every tensor…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/mainwindow.cpp" line="260"/>
        <source>Statistics of all %n tensor(s) computed.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="309"/>
        <source>Computing statistics of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/mainwindow.cpp" line="379"/>
        <source>Clear List</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ql::MetadataModel</name>
    <message numerus="yes">
        <location filename="../widgets/metadatamodel.cpp" line="47"/>
        <source>%n items: %1, …</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/metadatamodel.cpp" line="77"/>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/metadatamodel.cpp" line="77"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ql::ModelSummary</name>
    <message>
        <location filename="../widgets/modelsummary.cpp" line="27"/>
        <source>Filter metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/modelsummary.cpp" line="58"/>
        <source>%1 %2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/modelsummary.cpp" line="59"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Format: %2 · %3 tensors · %4 parameters · %5 of tensor data (file %6)&lt;br&gt;Types: %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/modelsummary.cpp" line="65"/>
        <source>&lt;br&gt;Optimizer state: %1 values (not counted as parameters)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ql::SettingsDialog</name>
    <message>
        <location filename="../widgets/settingsdialog.cpp" line="17"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settingsdialog.cpp" line="18"/>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settingsdialog.cpp" line="26"/>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/settingsdialog.cpp" line="27"/>
        <source>A new language takes effect when QuantLens is started again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ql::StatsPanel</name>
    <message>
        <location filename="../widgets/statspanel.cpp" line="18"/>
        <source>Tensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="19"/>
        <source>Shape / type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="20"/>
        <source>Role / layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="21"/>
        <source>Finite values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="22"/>
        <source>Minimum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="23"/>
        <source>Maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="24"/>
        <source>Mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="25"/>
        <source>Standard deviation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="26"/>
        <source>Excess kurtosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="27"/>
        <source>max |x|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="28"/>
        <source>max |x| / std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="29"/>
        <source>Zero fraction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="30"/>
        <source>NaN / Inf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="31"/>
        <source>Percentiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="32"/>
        <source>Output channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="63"/>
        <source>%1 %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="64"/>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="64"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="65"/>
        <source>computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="81"/>
        <source>%1 NaN, %2 Inf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="84"/>
        <source>p%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="89"/>
        <source>%1 (axis %2); max |x| per channel from %3 to %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/statspanel.cpp" line="94"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ql::TensorTreeModel</name>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="43"/>
        <source>Optimizer state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="45"/>
        <source>Model-level tensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="47"/>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="167"/>
        <source>%1
role: %2, layout: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="168"/>
        <source>[in, out] (output channel last)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="168"/>
        <source>[out, in] (output channel first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="189"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="190"/>
        <source>Shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="191"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="192"/>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="193"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="194"/>
        <source>Std</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="195"/>
        <source>Kurtosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../widgets/tensortreemodel.cpp" line="196"/>
        <source>max|x|/std</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
