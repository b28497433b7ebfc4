<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Demo</name>
    <message>
        <source>The demo model is missing from this build (%1).</source>
        <translation>此版本中缺少演示模型（%1）。</translation>
    </message>
    <message>
        <source>Cannot write the demo model to %1: %2</source>
        <translation>无法将演示模型写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>cannot open the file: %1</source>
        <translation>无法打开文件：%1</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>this is not a safetensors, GGUF, HDF5, .npy or .npz file (its first bytes match none of them)</source>
        <translation>这不是 safetensors、GGUF、HDF5、.npy 或 .npz 文件（其开头字节与这些格式都不匹配）</translation>
    </message>
    <message>
        <source>the file is truncated while reading %1</source>
        <translation>读取%1时文件意外结束</translation>
    </message>
    <message>
        <source>the header length %1 runs past the end of the file (%2 bytes)</source>
        <translation>头部长度 %1 超出了文件末尾（文件共 %2 字节）</translation>
    </message>
    <message>
        <source>malformed JSON: %1</source>
        <translation>JSON 格式错误：%1</translation>
    </message>
    <message>
        <source>malformed header: %1</source>
        <translation>头部格式错误：%1</translation>
    </message>
    <message>
        <source>unknown data type &apos;%1&apos; for tensor &apos;%2&apos;</source>
        <translation>张量“%2”的数据类型“%1”未知</translation>
    </message>
    <message>
        <source>the shape of tensor &apos;%1&apos; is too large (its size overflows)</source>
        <translation>张量“%1”的形状过大（大小溢出）</translation>
    </message>
    <message>
        <source>the data of tensor &apos;%1&apos; lies outside the file</source>
        <translation>张量“%1”的数据位于文件之外</translation>
    </message>
    <message>
        <source>the data of tensors &apos;%1&apos; and &apos;%2&apos; overlap</source>
        <translation>张量“%1”和“%2”的数据重叠</translation>
    </message>
    <message>
        <source>tensor &apos;%1&apos; should hold %2 bytes but its data range holds %3</source>
        <translation>张量“%1”应有 %2 字节，但其数据范围为 %3 字节</translation>
    </message>
    <message>
        <source>archive member &apos;%1&apos; is not a .npy array</source>
        <translation>压缩包成员“%1”不是 .npy 数组</translation>
    </message>
    <message>
        <source>HDF5 error during %1 of &apos;%2&apos;</source>
        <translation>对“%2”执行%1时发生 HDF5 错误</translation>
    </message>
    <message>
        <source>shard &apos;%1&apos; named in the index is missing</source>
        <translation>索引中列出的分片“%1”缺失</translation>
    </message>
    <message>
        <source>%1 exceeds the limit of %2</source>
        <translation>%1 超过了 %2 的上限</translation>
    </message>
    <message>
        <source>no tensor named &apos;%1&apos;</source>
        <translation>没有名为“%1”的张量</translation>
    </message>
    <message>
        <source>invalid quantization spec &apos;%1&apos;: %2. %3</source>
        <translation>无效的量化规格“%1”：%2。%3</translation>
    </message>
    <message>
        <source>not supported: %1</source>
        <translation>不支持：%1</translation>
    </message>
    <message>
        <source>impossible: %1. %2</source>
        <translation>无法实现：%1。%2</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>the header size in bytes</source>
        <translation>文件头的字节数</translation>
    </message>
    <message>
        <source>the number of tensors</source>
        <translation>张量的数量</translation>
    </message>
    <message>
        <source>the number of axes</source>
        <translation>维度的数量</translation>
    </message>
    <message>
        <source>the nesting depth of the JSON</source>
        <translation>JSON 的嵌套深度</translation>
    </message>
    <message>
        <source>the number of metadata values</source>
        <translation>元数据值的数量</translation>
    </message>
    <message>
        <source>the number of values</source>
        <translation>数值的数量</translation>
    </message>
    <message>
        <source>the decoded size per stored byte</source>
        <translation>每个存储字节解码后的大小</translation>
    </message>
    <message>
        <source>the memory needed in bytes</source>
        <translation>所需内存的字节数</translation>
    </message>
    <message>
        <source>the size of the attribute in bytes</source>
        <translation>属性的字节数</translation>
    </message>
    <message>
        <source>the number of attributes</source>
        <translation>属性的数量</translation>
    </message>
    <message>
        <source>%1 is %2, over the limit of %3</source>
        <translation>%1 为 %2，超过了上限 %3</translation>
    </message>
    <message>
        <source>%1 of &apos;%4&apos; is %2, over the limit of %3</source>
        <translation>“%4”的%1为 %2，超过了上限 %3</translation>
    </message>
    <message>
        <source>not enough memory to read the file</source>
        <translation>内存不足，无法读取该文件</translation>
    </message>
    <message>
        <source>unexpected failure while reading: %1</source>
        <translation>读取时发生意外错误：%1</translation>
    </message>
    <message>
        <source>cannot build the model&apos;s tokenizer: it lacks %1</source>
        <translation>无法构建模型的分词器：缺少 %1</translation>
    </message>
    <message>
        <source>cannot build the model&apos;s tokenizer: it lacks %1 (%2)</source>
        <translation>无法构建模型的分词器：缺少 %1（%2）</translation>
    </message>
    <message>
        <source>opening the file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>listing its objects</source>
        <translation>列出其对象</translation>
    </message>
    <message>
        <source>opening dataset &apos;%1&apos;</source>
        <translation>打开数据集“%1”</translation>
    </message>
    <message>
        <source>reading the type of dataset &apos;%1&apos;</source>
        <translation>读取数据集“%1”的类型</translation>
    </message>
    <message>
        <source>reading the shape of dataset &apos;%1&apos;</source>
        <translation>读取数据集“%1”的形状</translation>
    </message>
    <message>
        <source>reading the storage of dataset &apos;%1&apos;</source>
        <translation>读取数据集“%1”的存储</translation>
    </message>
    <message>
        <source>opening object &apos;%1&apos;</source>
        <translation>打开对象“%1”</translation>
    </message>
    <message>
        <source>counting the attributes of &apos;%1&apos;</source>
        <translation>统计“%1”的属性</translation>
    </message>
    <message>
        <source>opening an attribute of &apos;%1&apos;</source>
        <translation>打开“%1”的一个属性</translation>
    </message>
    <message>
        <source>reading attribute &apos;%1&apos;</source>
        <translation>读取属性“%1”</translation>
    </message>
    <message>
        <source>reading dataset &apos;%1&apos;</source>
        <translation>读取数据集“%1”</translation>
    </message>
    <message>
        <source>receiving a request</source>
        <translation>接收请求</translation>
    </message>
    <message>
        <source>this HDF5 file is malformed: the HDF5 library failed %1 (its reader process ended with %2)</source>
        <translation>此 HDF5 文件已损坏：HDF5 库在%1时失败（其读取进程以 %2 结束）</translation>
    </message>
    <message>
        <source>this HDF5 file is malformed: the HDF5 library was still %1 after %2 s and was stopped</source>
        <translation>此 HDF5 文件已损坏：HDF5 库在 %2 秒后仍在%1，已被终止</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <source>this architecture (no forward pass for it)</source>
        <translation>此架构（没有对应的前向计算）</translation>
    </message>
    <message>
        <source>the metadata key &apos;%1&apos;</source>
        <translation>元数据键 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the config.json setting %1</source>
        <translation>config.json 设置 %1</translation>
    </message>
    <message>
        <source>RoPE scaling &apos;%1&apos;</source>
        <translation>RoPE 缩放 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the tensor &apos;%1&apos;</source>
        <translation>张量 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>rotary embedding of part of each head (%1)</source>
        <translation>仅对每个头的一部分做旋转位置编码（%1）</translation>
    </message>
    <message>
        <source>sliding-window attention (%1)</source>
        <translation>滑动窗口注意力（%1）</translation>
    </message>
    <message>
        <source>hyper-parameters that differ by layer (%1)</source>
        <translation>逐层不同的超参数（%1）</translation>
    </message>
    <message>
        <source>this mixture of experts (%1)</source>
        <translation>此专家混合结构（%1）</translation>
    </message>
    <message>
        <source>the activation &apos;%1&apos;</source>
        <translation>激活函数 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>keys and values of different head sizes (%1)</source>
        <translation>键和值的头大小不同（%1）</translation>
    </message>
    <message>
        <source>the judge cannot run this %1 model: it does not implement %2</source>
        <translation>评估器无法运行此 %1 模型：未实现%2</translation>
    </message>
    <message>
        <source>Unexpected failure: %1</source>
        <translation>意外错误：%1</translation>
    </message>
    <message>
        <source>Unexpected failure of an unknown kind.</source>
        <translation>发生了未知类型的意外错误。</translation>
    </message>
    <message>
        <source>rank %1 failed: %2</source>
        <translation>进程 %1（rank）失败：%2</translation>
    </message>
    <message>
        <source>rank %1 failed on &apos;%2&apos;: %3</source>
        <translation>进程 %1（rank）在“%2”上失败：%3</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 B</source>
        <translation>%1 十亿</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 百万</translation>
    </message>
    <message>
        <source>%1 k</source>
        <translation>%1 千</translation>
    </message>
</context>
<context>
    <name>ql::ActivationHeatmap</name>
    <message>
        <source>Activation magnitudes</source>
        <translation>激活幅值</translation>
    </message>
    <message>
        <source>small</source>
        <translation>小</translation>
    </message>
    <message>
        <source>large (log scale)</source>
        <translation>大（对数刻度）</translation>
    </message>
    <message>
        <source>|x| ≥ %1</source>
        <translation>|x| ≥ %1</translation>
    </message>
    <message>
        <source>▼ outlier feature (LLM.int8() rule)</source>
        <translation>▼ 离群特征（LLM.int8() 规则）</translation>
    </message>
    <message>
        <source>Token %1, channel %2: |x| = %3</source>
        <translation>词元 %1，通道 %2：|x| = %3</translation>
    </message>
    <message>
        <source>No captured inputs for this tensor.</source>
        <translation>此张量没有捕获的输入。</translation>
    </message>
    <message>
        <source>|x| of this layer&apos;s input: %1 tokens × %2 channels, max %3</source>
        <translation>该层输入的 |x|：%1 个词元 × %2 个通道，最大 %3</translation>
    </message>
    <message>
        <source>input channel (hidden dimension) · rows: tokens</source>
        <translation>输入通道（隐藏维度）· 行：词元</translation>
    </message>
</context>
<context>
    <name>ql::BitStrip</name>
    <message>
        <source>Click a bit to flip it</source>
        <translation>点击某一位以翻转它</translation>
    </message>
</context>
<context>
    <name>ql::BitsView</name>
    <message>
        <source>Type a value, or click a value in the histogram</source>
        <translation>输入一个数值，或在直方图中点击一个数值</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>&lt;b&gt;Format&lt;/b&gt;</source>
        <translation>&lt;b&gt;格式&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Bits&lt;/b&gt; (sign, exponent, mantissa)</source>
        <translation>&lt;b&gt;位&lt;/b&gt;（符号、指数、尾数）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Stored value&lt;/b&gt;</source>
        <translation>&lt;b&gt;存储值&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Neighbours&lt;/b&gt;</source>
        <translation>&lt;b&gt;相邻值&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nearest representable values: %1 … %2. Ticks: representable values; dot: the stored value; red line: the input.</source>
        <translation>最近的可表示值：%1 … %2。刻度：可表示的值；圆点：存储值；红线：输入。</translation>
    </message>
    <message>
        <source> billion parameters</source>
        <translation> 十亿参数</translation>
    </message>
    <message>
        <source>Size of</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>%1B</source>
        <translation>%1B</translation>
    </message>
    <message>
        <source>in</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>%1 (error %2)</source>
        <translation>%1（误差 %2）</translation>
    </message>
    <message>
        <source>= %1 (%2 bits per weight)</source>
        <translation>= %1（每权重 %2 位）</translation>
    </message>
    <message>
        <source>INT8, INT4 and NF4 map their codes onto ± this range; the block floats (MX, NVFP4) take it as their block&apos;s largest magnitude</source>
        <translation>INT8、INT4 和 NF4 将其编码映射到 ± 此范围；块浮点格式（MX、NVFP4）将其作为块内的最大绝对值</translation>
    </message>
    <message>
        <source>Range of INT8 / INT4 / NF4 and the blocks</source>
        <translation>INT8 / INT4 / NF4 及块的范围</translation>
    </message>
</context>
<context>
    <name>ql::BlockMap</name>
    <message>
        <source>Block layout</source>
        <translation>块布局</translation>
    </message>
    <message>
        <source>Byte %1 (0x%2), bit %3</source>
        <translation>字节 %1 (0x%2)，位 %3</translation>
    </message>
    <message>
        <source>%1: the block scale d (FP16)</source>
        <translation>%1：块缩放 d（FP16）</translation>
    </message>
    <message>
        <source>%1: the block minimum (FP16)</source>
        <translation>%1：块最小值（FP16）</translation>
    </message>
    <message>
        <source>%1: 6-bit scale of sub-block %2</source>
        <translation>%1：子块 %2 的 6 位缩放</translation>
    </message>
    <message>
        <source>%1: 6-bit minimum of sub-block %2</source>
        <translation>%1：子块 %2 的 6 位最小值</translation>
    </message>
    <message>
        <source>%1: code of value %2 (column %3), code %4</source>
        <translation>%1：值 %2（列 %3）的编码，编码 %4</translation>
    </message>
    <message>
        <source>byte %1</source>
        <translation>字节 %1</translation>
    </message>
    <message>
        <source>bits %1–%2 of byte %3</source>
        <translation>字节 %3 的第 %1–%2 位</translation>
    </message>
    <message>
        <source>Value %1 is padding past the row&apos;s end (stored as 0): code %2 = %3, in %4.</source>
        <translation>值 %1 是行末之后的填充（存为 0）：编码 %2 = %3，位于 %4。</translation>
    </message>
    <message>
        <source>Value %1 (column %2) = %3 → code %4 = %5, in %6.</source>
        <translation>值 %1（列 %2）= %3 → 编码 %4 = %5，位于 %6。</translation>
    </message>
    <message>
        <source>Dequantized: %1 = %2</source>
        <translation>反量化：%1 = %2</translation>
    </message>
    <message>
        <source>, error %1</source>
        <translation>，误差 %1</translation>
    </message>
    <message>
        <source>  (sub-block %1: scale = d × %2, min = dmin × %3)</source>
        <translation>  （子块 %1：缩放 = d × %2，最小值 = dmin × %3）</translation>
    </message>
    <message>
        <source>Select a tensor to see how a block of it is stored.</source>
        <translation>选择一个张量，查看它的一个块如何存储。</translation>
    </message>
    <message>
        <source>%1: block %2 of %3, %4 bytes for %5 values</source>
        <translation>%1：第 %2 块（共 %3 块），%4 字节存 %5 个值</translation>
    </message>
    <message>
        <source>scale d (FP16)</source>
        <translation>缩放 d（FP16）</translation>
    </message>
    <message>
        <source>dmin (FP16)</source>
        <translation>dmin（FP16）</translation>
    </message>
    <message>
        <source>minimum m (FP16)</source>
        <translation>最小值 m（FP16）</translation>
    </message>
    <message>
        <source>6-bit sub-scales</source>
        <translation>6 位子缩放</translation>
    </message>
    <message>
        <source>6-bit sub-minimums</source>
        <translation>6 位子最小值</translation>
    </message>
    <message>
        <source>codes in low nibbles</source>
        <translation>低半字节中的编码</translation>
    </message>
    <message>
        <source>codes in high nibbles</source>
        <translation>高半字节中的编码</translation>
    </message>
    <message>
        <source>8-bit codes</source>
        <translation>8 位编码</translation>
    </message>
    <message>
        <source>selected value</source>
        <translation>选中的值</translation>
    </message>
    <message>
        <source>%1: the block scale (E4M3)</source>
        <translation>%1：块缩放因子（E4M3）</translation>
    </message>
    <message>
        <source>%1: sub-block scales</source>
        <translation>%1：子块缩放因子</translation>
    </message>
    <message>
        <source>%1: 4-bit scale of sub-block %2</source>
        <translation>%1：子块 %2 的 4 位缩放因子</translation>
    </message>
    <message>
        <source>%1: sign of value %2 (column %3)</source>
        <translation>%1：值 %2（列 %3）的符号</translation>
    </message>
    <message>
        <source>%1: sign bits</source>
        <translation>%1：符号位</translation>
    </message>
    <message>
        <source>%1: index %2 of lattice point %3 (values %4–%5)</source>
        <translation>%1：格点 %3 的索引 %2（值 %4–%5）</translation>
    </message>
    <message>
        <source>its sign (%1) is implied: each group of eight has an even number of minus signs</source>
        <translation>其符号（%1）是隐含的：每组八个值中负号的个数为偶数</translation>
    </message>
    <message>
        <source>its sign bit is bit %1 of byte %2 (%3)</source>
        <translation>其符号位是字节 %2 的第 %1 位（%3）</translation>
    </message>
    <message>
        <source>Value %1 (column %2) = %3 → lattice point %4, index %5 = %6 in byte %7, position %8 of 4: level %9; %10.</source>
        <translation>值 %1（列 %2）= %3 → 格点 %4，索引 %5 = %6，位于字节 %7，4 个中的位置 %8：级别 %9；%10。</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Dequantized: %1 × %2 = %3 (sub-block %4: scale = d × (0.5 + %5) / 2)</source>
        <translation>反量化：%1 × %2 = %3（子块 %4：缩放 = d × (0.5 + %5) / 2）</translation>
    </message>
    <message>
        <source>E2M1 value</source>
        <translation>E2M1 值</translation>
    </message>
    <message>
        <source>table entry</source>
        <translation>表项</translation>
    </message>
    <message>
        <source>Value %1 (column %2) = %3 → code %4 = %5, in %6: %7 %8.</source>
        <translation>值 %1（列 %2）= %3 → 编码 %4 = %5，位于 %6：%7 %8。</translation>
    </message>
    <message>
        <source>Dequantized: %1 × %2 = %3</source>
        <translation>反量化：%1 × %2 = %3</translation>
    </message>
    <message>
        <source>  (sub-block %1: scale = d × (%2 − 32))</source>
        <translation>  （子块 %1：缩放 = d × (%2 − 32)）</translation>
    </message>
    <message>
        <source>  (scale = E4M3 %1 × tensor scale %2)</source>
        <translation>  （缩放 = E4M3 %1 × 张量缩放 %2）</translation>
    </message>
    <message>
        <source>block scale (E4M3)</source>
        <translation>块缩放因子（E4M3）</translation>
    </message>
    <message>
        <source>lattice-point indices</source>
        <translation>格点索引</translation>
    </message>
    <message>
        <source>sign bits</source>
        <translation>符号位</translation>
    </message>
    <message>
        <source>4-bit sub-scales</source>
        <translation>4 位子缩放因子</translation>
    </message>
</context>
<context>
    <name>ql::CaptureDialog</name>
    <message>
        <source>Capture Activations</source>
        <translation>捕获激活</translation>
    </message>
    <message>
        <source>The model runs over this text and every linear layer&apos;s input is recorded (XᵀX, mean squares, absmax and up to 256 rows per layer).</source>
        <translation>模型在这段文本上运行，并记录每个线性层的输入（XᵀX、均方值、absmax，以及每层最多 256 行）。</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>捕获</translation>
    </message>
</context>
<context>
    <name>ql::ChannelsPlot</name>
    <message>
        <source>Min, quartiles and max of every output channel; red channels have an outlier range (1.5 × IQR rule). Right-click to save or copy.</source>
        <translation>每个输出通道的最小值、四分位数和最大值；红色通道的范围为离群值（1.5 × IQR 规则）。右键可保存或复制。</translation>
    </message>
    <message>
        <source>Per-channel ranges</source>
        <translation>逐通道范围</translation>
    </message>
    <message>
        <source>output channel</source>
        <translation>输出通道</translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s), %1 with an outlier range</source>
        <translation>
            <numerusform>%n 个通道，其中 %1 个范围离群</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ql::ChannelsView</name>
    <message>
        <source>INT</source>
        <translation>INT</translation>
    </message>
    <message>
        <source>Bits per value of the error comparison</source>
        <translation>误差比较所用的每值位数</translation>
    </message>
    <message>
        <source>Values per group along the input dimension for the per-group error</source>
        <translation>逐组误差沿输入维度的每组值数</translation>
    </message>
    <message>
        <source>&amp;Bits:</source>
        <translation>位数(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Group size:</source>
        <translation>组大小(&amp;G)：</translation>
    </message>
    <message>
        <source>Select a tensor to see the range of each output channel.</source>
        <translation>选择一个张量，查看每个输出通道的范围。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>Channel ranges are computed for tensors of up to %1 values; this one has %2.</source>
        <translation>仅对最多 %1 个值的张量计算通道范围；此张量有 %2 个。</translation>
    </message>
    <message>
        <source>Computing channel ranges…</source>
        <translation>正在计算通道范围…</translation>
    </message>
    <message>
        <source>Relative MSE of INT%1:
per tensor %2
per channel %3
per group of %4: %5

Outlier channels (1.5 × IQR of the ranges): %6</source>
        <translation>INT%1 的相对 MSE：
逐张量 %2
逐通道 %3
每组 %4 个：%5

离群通道（范围的 1.5 × IQR）：%6</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>ql::ChartExport</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Save Chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>另存为 PNG…</translation>
    </message>
    <message>
        <source>Save as SVG…</source>
        <translation>另存为 SVG…</translation>
    </message>
    <message>
        <source>Copy Data as CSV</source>
        <translation>以 CSV 复制数据</translation>
    </message>
</context>
<context>
    <name>ql::ChartWidget</name>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Save Chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>另存为 PNG…</translation>
    </message>
    <message>
        <source>Save as SVG…</source>
        <translation>另存为 SVG…</translation>
    </message>
    <message>
        <source>Copy Data as CSV</source>
        <translation>以 CSV 复制数据</translation>
    </message>
</context>
<context>
    <name>ql::DepthPlot</name>
    <message>
        <source>One bar per weight tensor, in file order; red bars lie beyond the 1.5 × IQR fence of all bars. Right-click to save or copy.</source>
        <translation>每个权重张量一根柱，按文件顺序；红色柱超出所有柱的 1.5 × IQR 界限。右键可保存或复制。</translation>
    </message>
    <message>
        <source>Outlier measures over depth</source>
        <translation>随深度变化的离群度量</translation>
    </message>
    <message>
        <source>excess kurtosis per weight tensor (0 = normal)</source>
        <translation>每个权重张量的超额峰度（0 = 正态）</translation>
    </message>
    <message>
        <source>max|x| / std per weight tensor</source>
        <translation>每个权重张量的 max|x| / 标准差</translation>
    </message>
</context>
<context>
    <name>ql::GridPlot</name>
    <message>
        <source>The tensor&apos;s histogram, the grid&apos;s levels and where the values land after quantization. Right-click to save or copy.</source>
        <translation>张量的直方图、网格的量化级，以及量化后数值落在何处。右键可保存或复制。</translation>
    </message>
    <message>
        <source>min-max</source>
        <translation>最小-最大</translation>
    </message>
    <message>
        <source>percentile</source>
        <translation>百分位</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>MSE</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>Distribution with the quantization grid</source>
        <translation>分布与量化网格</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>dequantized</source>
        <translation>反量化</translation>
    </message>
    <message>
        <source>clipped</source>
        <translation>截断</translation>
    </message>
    <message>
        <source>| levels</source>
        <translation>| 量化级</translation>
    </message>
    <message>
        <source>%1: rel. MSE %2</source>
        <translation>%1：相对 MSE %2</translation>
    </message>
</context>
<context>
    <name>ql::GridView</name>
    <message>
        <source>Symmetric</source>
        <translation>对称</translation>
    </message>
    <message>
        <source>INT</source>
        <translation>INT</translation>
    </message>
    <message>
        <source>Bits per value: 2^bits levels</source>
        <translation>每个值的位数：2^位数 个量化级</translation>
    </message>
    <message>
        <source>Symmetric: ±max|x| with zero-point 0; asymmetric: [min, max] with a zero-point</source>
        <translation>对称：±max|x|，零点为 0；非对称：[min, max]，带零点</translation>
    </message>
    <message>
        <source>The calibration method whose grid is drawn</source>
        <translation>绘制其网格的校准方法</translation>
    </message>
    <message>
        <source>Percentile of |x| the percentile method clips at</source>
        <translation>百分位方法截断 |x| 所用的百分位</translation>
    </message>
    <message>
        <source>&amp;Bits:</source>
        <translation>位数(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Percentile:</source>
        <translation>百分位(&amp;P)：</translation>
    </message>
    <message>
        <source>Select a tensor to see its values against a quantization grid.</source>
        <translation>选择一个张量，查看其数值与量化网格的关系。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 values in [%3, %4]</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：%2 个值，范围 [%3, %4]</translation>
    </message>
    <message>
        <source>The calibration methods are compared on tensors of up to %1 values; this one has %2.</source>
        <translation>校准方法仅对最多 %1 个值的张量进行比较；此张量有 %2 个。</translation>
    </message>
    <message>
        <source>Running the calibration methods…</source>
        <translation>正在运行校准方法…</translation>
    </message>
    <message>
        <source>Grid of %1: scale %2, levels %3 … %4, exact relative MSE %5</source>
        <translation>%1 的网格：缩放 %2，量化级 %3 … %4，精确相对 MSE %5</translation>
    </message>
</context>
<context>
    <name>ql::HistogramView</name>
    <message>
        <source>Log counts</source>
        <translation>对数计数</translation>
    </message>
    <message>
        <source>Select a tensor to see its distribution.</source>
        <translation>选择一个张量以查看其分布。</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>log10 |x|</source>
        <translation>log10 |x|</translation>
    </message>
    <message>
        <source>Bin the values themselves, or the decimal logarithm of their magnitudes</source>
        <translation>按数值本身分箱，或按其绝对值的常用对数分箱</translation>
    </message>
    <message>
        <source>Logarithmic count axis: shows the sparse tails</source>
        <translation>对数计数轴：显示稀疏的尾部</translation>
    </message>
    <message>
        <source>count per log10|x| bin</source>
        <translation>每个 log10|x| 区间的计数</translation>
    </message>
    <message>
        <source>count per bin</source>
        <translation>每个区间的计数</translation>
    </message>
    <message>
        <source>log10 |value|</source>
        <translation>log10 |数值|</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>count</source>
        <translation>计数</translation>
    </message>
    <message>
        <source>p%1</source>
        <translation>p%1</translation>
    </message>
</context>
<context>
    <name>ql::JobRunner</name>
    <message>
        <source>Not enough memory for %1.</source>
        <translation>内存不足，无法完成：%1。</translation>
    </message>
</context>
<context>
    <name>ql::LearnPanel</name>
    <message>
        <source>The affine map and the sawtooth</source>
        <translation>仿射映射与锯齿</translation>
    </message>
    <message>
        <source>&lt;p&gt;Quantizing maps each real value &lt;i&gt;x&lt;/i&gt; to an integer code &lt;i&gt;q&lt;/i&gt; = round(&lt;i&gt;x&lt;/i&gt; / &lt;i&gt;s&lt;/i&gt;) + &lt;i&gt;z&lt;/i&gt; and back to &lt;i&gt;x̂&lt;/i&gt; = &lt;i&gt;s&lt;/i&gt; · (&lt;i&gt;q&lt;/i&gt; − &lt;i&gt;z&lt;/i&gt;). The step &lt;i&gt;s&lt;/i&gt; is the &lt;b&gt;scale&lt;/b&gt;, &lt;i&gt;z&lt;/i&gt; the &lt;b&gt;zero-point&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Rounding moves &lt;i&gt;x&lt;/i&gt; to the nearest level, so the error &lt;i&gt;x̂&lt;/i&gt; − &lt;i&gt;x&lt;/i&gt; is a &lt;b&gt;sawtooth&lt;/b&gt;: it falls as &lt;i&gt;x&lt;/i&gt; grows and jumps back by &lt;i&gt;s&lt;/i&gt; at every midpoint between two levels, never more than &lt;i&gt;s&lt;/i&gt;/2 in size.&lt;/p&gt;&lt;p&gt;The chart shows that sawtooth for INT3 over stories260K&apos;s &lt;tt&gt;blk.3.attn_q.weight&lt;/tt&gt;, with the weights&apos; own density underneath. Raise &lt;b&gt;Bits&lt;/b&gt; to 4, 5, 6: every extra bit halves &lt;i&gt;s&lt;/i&gt;, the teeth shrink, and the SQNR read-out rises by about 6 dB.&lt;/p&gt;</source>
        <translation>&lt;p&gt;量化把每个实数值 &lt;i&gt;x&lt;/i&gt; 映射为整数编码 &lt;i&gt;q&lt;/i&gt; = round(&lt;i&gt;x&lt;/i&gt; / &lt;i&gt;s&lt;/i&gt;) + &lt;i&gt;z&lt;/i&gt;，再映射回 &lt;i&gt;x̂&lt;/i&gt; = &lt;i&gt;s&lt;/i&gt; · (&lt;i&gt;q&lt;/i&gt; − &lt;i&gt;z&lt;/i&gt;)。步长 &lt;i&gt;s&lt;/i&gt; 是&lt;b&gt;缩放&lt;/b&gt;，&lt;i&gt;z&lt;/i&gt; 是&lt;b&gt;零点&lt;/b&gt;。&lt;/p&gt;&lt;p&gt;舍入把 &lt;i&gt;x&lt;/i&gt; 移到最近的量化级，因此误差 &lt;i&gt;x̂&lt;/i&gt; − &lt;i&gt;x&lt;/i&gt; 是一条&lt;b&gt;锯齿&lt;/b&gt;：随 &lt;i&gt;x&lt;/i&gt; 增大而下降，在两个量化级的每个中点处回跳 &lt;i&gt;s&lt;/i&gt;，大小从不超过 &lt;i&gt;s&lt;/i&gt;/2。&lt;/p&gt;&lt;p&gt;图中是 stories260K 的 &lt;tt&gt;blk.3.attn_q.weight&lt;/tt&gt; 在 INT3 下的锯齿，下方是这些权重自身的密度。把&lt;b&gt;位数&lt;/b&gt;调到 4、5、6：每多一位 &lt;i&gt;s&lt;/i&gt; 减半，锯齿变小，SQNR 读数约提高 6 dB。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Scale and zero-point</source>
        <translation>缩放与零点</translation>
    </message>
    <message>
        <source>&lt;p&gt;The scale sets how far apart the levels are: &lt;i&gt;s&lt;/i&gt; = range / (levels − 1). Spreading the levels over the full range spends resolution on the few values at the edges.&lt;/p&gt;&lt;p&gt;Drag &lt;b&gt;Clip&lt;/b&gt; down to about 70 %: the levels move closer, the teeth shrink where most weights are, and the values beyond the clip (shaded) saturate to the outermost level with a large error. The relative MSE read-out shows the trade: it falls at first, then rises once too much is clipped.&lt;/p&gt;&lt;p&gt;This grid is asymmetric: the zero-point &lt;i&gt;z&lt;/i&gt; shifts the levels so that 0.0 falls exactly on one of them (zeros from padding or ReLU stay exact). Type another zero-point to see the grid slide off zero.&lt;/p&gt;</source>
        <translation>&lt;p&gt;缩放决定量化级之间的间距：&lt;i&gt;s&lt;/i&gt; = 范围 / (级数 − 1)。把量化级铺满整个范围，就把分辨率花在了边缘少数几个值上。&lt;/p&gt;&lt;p&gt;把&lt;b&gt;截断&lt;/b&gt;拖到约 70 %：量化级靠得更近，大多数权重所在处的锯齿变小，而超出截断的值（阴影部分）饱和到最外层的量化级，误差很大。相对 MSE 读数显示了这种权衡：先下降，截断过多后又上升。&lt;/p&gt;&lt;p&gt;这个网格是非对称的：零点 &lt;i&gt;z&lt;/i&gt; 平移量化级，使 0.0 正好落在其中一级上（填充或 ReLU 产生的零保持精确）。输入另一个零点，可以看到网格偏离零。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Symmetric vs asymmetric</source>
        <translation>对称与非对称</translation>
    </message>
    <message>
        <source>&lt;p&gt;A &lt;b&gt;symmetric&lt;/b&gt; grid is centred on zero: &lt;i&gt;z&lt;/i&gt; = 0 and &lt;i&gt;s&lt;/i&gt; = max|&lt;i&gt;x&lt;/i&gt;| / (2&lt;sup&gt;&lt;i&gt;b&lt;/i&gt;−1&lt;/sup&gt; − 1). It is cheap (no zero-point to store or add) and right for weights spread evenly around zero.&lt;/p&gt;&lt;p&gt;This tensor, &lt;tt&gt;blk.0.ffn_norm.weight&lt;/tt&gt; (RMSNorm gains), holds only values between 0.36 and 0.74. A symmetric INT4 grid spends half its 16 levels on negative numbers nobody uses.&lt;/p&gt;&lt;p&gt;Untick &lt;b&gt;Symmetric&lt;/b&gt;: the &lt;b&gt;asymmetric&lt;/b&gt; grid puts all 16 levels on [0, max], twice as fine, and the error drops about fivefold. The range still includes 0 so that zero stays exact, which leaves the levels below 0.36 unused; llama.cpp&apos;s Q4_1 and Q4_K store a minimum instead of a zero-point and avoid even that. Activations after ReLU or softmax are one-sided too, which is why they are usually quantized asymmetrically.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;对称&lt;/b&gt;网格以零为中心：&lt;i&gt;z&lt;/i&gt; = 0，&lt;i&gt;s&lt;/i&gt; = max|&lt;i&gt;x&lt;/i&gt;| / (2&lt;sup&gt;&lt;i&gt;b&lt;/i&gt;−1&lt;/sup&gt; − 1)。它开销小（无需存储或加上零点），适合在零两侧均匀分布的权重。&lt;/p&gt;&lt;p&gt;这个张量 &lt;tt&gt;blk.0.ffn_norm.weight&lt;/tt&gt;（RMSNorm 增益）只含 0.36 到 0.74 之间的值。对称 INT4 网格把 16 个量化级中的一半花在了没人用的负数上。&lt;/p&gt;&lt;p&gt;取消勾选&lt;b&gt;对称&lt;/b&gt;：&lt;b&gt;非对称&lt;/b&gt;网格把全部 16 级放在 [0, max] 上，精细一倍，误差降到约五分之一。范围仍包含 0，以保证零精确，所以 0.36 以下的量化级仍未被使用；llama.cpp 的 Q4_1 和 Q4_K 存储最小值而不是零点，连这一点也避免了。ReLU 或 softmax 之后的激活同样是单侧的，因此通常做非对称量化。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Per-tensor, per-channel, per-group</source>
        <translation>逐张量、逐通道、逐组</translation>
    </message>
    <message>
        <source>&lt;p&gt;One scale for a whole tensor must cover its widest output channel, so narrow channels get only a few levels. &lt;b&gt;Per-channel&lt;/b&gt; quantization gives every output channel (a row of the weight) its own scale; &lt;b&gt;per-group&lt;/b&gt; goes further, with one scale per group of &lt;i&gt;g&lt;/i&gt; consecutive inputs (32 to 128 in GPTQ and llama.cpp).&lt;/p&gt;&lt;p&gt;Each box is one output channel of &lt;tt&gt;blk.1.ffn_gate.weight&lt;/tt&gt;: red ones have an unusually wide range. The read-out compares the relative MSE of INT4 per tensor, per channel and per group of 32. Each finer granularity costs a little storage (an FP16 scale per group adds 16/&lt;i&gt;g&lt;/i&gt; bits per weight) and buys accuracy.&lt;/p&gt;</source>
        <translation>&lt;p&gt;整个张量只用一个缩放时，它必须覆盖最宽的输出通道，于是窄通道只分到少数几个量化级。&lt;b&gt;逐通道&lt;/b&gt;量化让每个输出通道（权重的一行）有自己的缩放；&lt;b&gt;逐组&lt;/b&gt;更进一步，每 &lt;i&gt;g&lt;/i&gt; 个连续输入一组、一组一个缩放（GPTQ 和 llama.cpp 中为 32 到 128）。&lt;/p&gt;&lt;p&gt;每个箱体是 &lt;tt&gt;blk.1.ffn_gate.weight&lt;/tt&gt; 的一个输出通道：红色的范围异常宽。读数比较 INT4 逐张量、逐通道和每组 32 的相对 MSE。每种更细的粒度都多花一点存储（每组一个 FP16 缩放使每个权重多 16/&lt;i&gt;g&lt;/i&gt; 位），换来精度。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation>离群值</translation>
    </message>
    <message>
        <source>&lt;p&gt;A few large values stretch the range, and with it the scale of every value that shares it. &lt;b&gt;Kurtosis&lt;/b&gt; measures how heavy the tails are (0 for a normal distribution); &lt;b&gt;max|x| / std&lt;/b&gt; says how many standard deviations out the largest value lies.&lt;/p&gt;&lt;p&gt;The table lists this tensor&apos;s largest values with their channels and z-scores; the bars show every weight tensor over depth, red ones beyond the model&apos;s own 1.5 × IQR fence.&lt;/p&gt;&lt;p&gt;In large language models a handful of hidden dimensions carry activations 10 to 100 times larger than the rest (LLM.int8(), SmoothQuant): this is why per-channel scales, clipping and methods such as AWQ matter.&lt;/p&gt;</source>
        <translation>&lt;p&gt;少数大值会拉宽范围，进而拉大共享该范围的所有值的缩放。&lt;b&gt;峰度&lt;/b&gt;衡量尾部有多重（正态分布为 0）；&lt;b&gt;max|x| / 标准差&lt;/b&gt;表示最大值偏离了多少个标准差。&lt;/p&gt;&lt;p&gt;表格列出这个张量最大的值及其通道和 z 分数；柱状图显示随深度排列的每个权重张量，红色的超出模型自身的 1.5 × IQR 界限。&lt;/p&gt;&lt;p&gt;在大语言模型中，少数几个隐藏维度携带比其余维度大 10 到 100 倍的激活（LLM.int8()、SmoothQuant）：这就是逐通道缩放、截断以及 AWQ 等方法重要的原因。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>&lt;p&gt;Calibration chooses the range a scale covers. &lt;b&gt;Min-max&lt;/b&gt; covers every value but wastes levels on outliers; a &lt;b&gt;percentile&lt;/b&gt; (here 99.9 %) ignores the extreme tail; &lt;b&gt;MSE&lt;/b&gt; searches the clip that minimises the squared error; &lt;b&gt;KL&lt;/b&gt; (TensorRT&apos;s entropy method) keeps the quantized histogram closest to the original one.&lt;/p&gt;&lt;p&gt;The chart draws the INT3 levels over &lt;tt&gt;blk.3.attn_q.weight&lt;/tt&gt;&apos;s histogram, with the range each method picks and the error it gives. Choose the methods in turn and watch the grid move.&lt;/p&gt;&lt;p&gt;For weights, MSE usually wins; for activations, where the next batch is not the calibration batch, a percentile or KL is the safer choice.&lt;/p&gt;</source>
        <translation>&lt;p&gt;校准决定一个缩放覆盖的范围。&lt;b&gt;最小-最大&lt;/b&gt;覆盖所有值，但把量化级浪费在离群值上；&lt;b&gt;百分位&lt;/b&gt;（此处 99.9 %）忽略极端尾部；&lt;b&gt;MSE&lt;/b&gt; 搜索使平方误差最小的截断；&lt;b&gt;KL&lt;/b&gt;（TensorRT 的熵方法）使量化后的直方图最接近原始直方图。&lt;/p&gt;&lt;p&gt;图中在 &lt;tt&gt;blk.3.attn_q.weight&lt;/tt&gt; 的直方图上画出 INT3 的量化级，以及每种方法选取的范围和由此产生的误差。依次选择各方法，观察网格如何移动。&lt;/p&gt;&lt;p&gt;对权重而言通常 MSE 最好；对激活而言，下一批数据并不是校准数据，百分位或 KL 更稳妥。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The format ladder</source>
        <translation>格式阶梯</translation>
    </message>
    <message>
        <source>&lt;p&gt;Floats spend their bits on sign, exponent and mantissa. &lt;b&gt;BF16&lt;/b&gt; keeps FP32&apos;s 8-bit exponent (the same range) with 7 mantissa bits; &lt;b&gt;FP16&lt;/b&gt; has 5 exponent and 10 mantissa bits; &lt;b&gt;FP8 E4M3&lt;/b&gt; (largest value 448) and &lt;b&gt;E5M2&lt;/b&gt; trade precision for range; &lt;b&gt;FP4 E2M1&lt;/b&gt; has just eight magnitudes: 0, 0.5, 1, 1.5, 2, 3, 4, 6. INT8, INT4 and NF4 use a scale instead.&lt;/p&gt;&lt;p&gt;Each row shows how one value, here 0.1, is stored and the nearest values the format can hold. Click a bit to flip it, or type another value. The size calculator shows what each format means for a 7B or 70B model.&lt;/p&gt;</source>
        <translation>&lt;p&gt;浮点数把位分给符号、指数和尾数。&lt;b&gt;BF16&lt;/b&gt; 保留 FP32 的 8 位指数（范围相同），尾数 7 位；&lt;b&gt;FP16&lt;/b&gt; 有 5 位指数和 10 位尾数；&lt;b&gt;FP8 E4M3&lt;/b&gt;（最大值 448）和 &lt;b&gt;E5M2&lt;/b&gt; 以精度换范围；&lt;b&gt;FP4 E2M1&lt;/b&gt; 只有八个绝对值：0、0.5、1、1.5、2、3、4、6。INT8、INT4 和 NF4 则使用缩放。&lt;/p&gt;&lt;p&gt;每一行显示一个值（此处为 0.1）如何存储，以及该格式能表示的最近的值。点击某一位可翻转它，或输入另一个值。大小计算器显示每种格式对 7B 或 70B 模型意味着什么。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Mixed precision</source>
        <translation>混合精度</translation>
    </message>
    <message>
        <source>&lt;p&gt;Layers are not equally sensitive. The &lt;b&gt;sweep&lt;/b&gt; quantizes every tensor at every candidate format and measures its error; the &lt;b&gt;planner&lt;/b&gt; then picks one format per tensor that minimises the total error under a size budget, a knapsack problem it solves exactly.&lt;/p&gt;&lt;p&gt;The sweep has run for you. Drag the budget: sensitive tensors keep more bits while robust ones drop to 4 or 3. &lt;b&gt;Evaluate plan&lt;/b&gt; runs the model itself to check that the predicted error holds, and &lt;b&gt;Export…&lt;/b&gt; writes the plan for llama.cpp, GPTQModel, llm-compressor or ModelOpt.&lt;/p&gt;</source>
        <translation>&lt;p&gt;各层的敏感度并不相同。&lt;b&gt;扫描&lt;/b&gt;把每个张量按每种候选格式量化并测量误差；&lt;b&gt;规划器&lt;/b&gt;再为每个张量选一种格式，使总误差在大小预算内最小，这是一个它精确求解的背包问题。&lt;/p&gt;&lt;p&gt;扫描已为你运行。拖动预算：敏感的张量保留更多位，稳健的降到 4 或 3 位。&lt;b&gt;评估方案&lt;/b&gt;会实际运行模型，检查预测的误差是否成立；&lt;b&gt;导出…&lt;/b&gt;把方案写成 llama.cpp、GPTQModel、llm-compressor 或 ModelOpt 的格式。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>◀ &amp;Previous</source>
        <translation>◀ 上一课(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation>下一课(&amp;N) ▶</translation>
    </message>
    <message>
        <source>&amp;Reset view</source>
        <translation>重置视图(&amp;R)</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Choose a lesson: its tensor and view open beside the text</source>
        <translation>选择一课：它的张量和视图会在文字旁打开</translation>
    </message>
    <message>
        <source>The previous lesson</source>
        <translation>上一课</translation>
    </message>
    <message>
        <source>The next lesson</source>
        <translation>下一课</translation>
    </message>
    <message>
        <source>Open this lesson&apos;s tensor and view again, with the lesson&apos;s settings</source>
        <translation>以本课的设置重新打开本课的张量和视图</translation>
    </message>
</context>
<context>
    <name>ql::MainWindow</name>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>QuantLens</source>
        <translation>QuantLens</translation>
    </message>
    <message>
        <source>Filter tensors by name</source>
        <translation>按名称筛选张量</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Sawtooth</source>
        <translation>锯齿</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation>离群值</translation>
    </message>
    <message>
        <source>Packing</source>
        <translation>打包</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Sweep finished.</source>
        <translation>扫描完成。</translation>
    </message>
    <message>
        <source>Evaluation finished.</source>
        <translation>评估完成。</translation>
    </message>
    <message>
        <source>Open a model file: safetensors, GGUF, HDF5 / Keras .h5, .npy or .npz.</source>
        <translation>打开模型文件：safetensors、GGUF、HDF5 / Keras .h5、.npy 或 .npz。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Model files (*.safetensors *.gguf *.h5 *.hdf5 *.keras *.npy *.npz *.json);;All files (*)</source>
        <translation>模型文件 (*.safetensors *.gguf *.h5 *.hdf5 *.keras *.npy *.npz *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>打开文件夹(&amp;D)…</translation>
    </message>
    <message>
        <source>Open sharded checkpoint folder</source>
        <translation>打开分片检查点文件夹</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;Calibration Activations…</source>
        <translation>打开校准激活(&amp;C)…</translation>
    </message>
    <message>
        <source>Open calibration activations</source>
        <translation>打开校准激活</translation>
    </message>
    <message>
        <source>Calibration data (*.h5 *.hdf5 *.npz *.gguf *.dat);;All files (*)</source>
        <translation>校准数据 (*.h5 *.hdf5 *.npz *.gguf *.dat);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>Inputs of %n layer(s) captured.</source>
        <translation>
            <numerusform>已捕获 %n 个层的输入。</numerusform>
        </translation>
    </message>
    <message>
        <source>Open &amp;Demo Model</source>
        <translation>打开演示模型(&amp;M)</translation>
    </message>
    <message>
        <source>Digits classifier (MLP, safetensors)</source>
        <translation>手写数字分类器（MLP，safetensors）</translation>
    </message>
    <message>
        <source>Digits classifier (CNN, safetensors)</source>
        <translation>数字分类器（CNN，safetensors）</translation>
    </message>
    <message>
        <source>stories260K (Llama, GGUF)</source>
        <translation>stories260K（Llama，GGUF）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Expand All</source>
        <translation>全部展开(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Collapse All</source>
        <translation>全部折叠(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Learn Quantization</source>
        <translation>学习量化(&amp;L)</translation>
    </message>
    <message>
        <source>A guided tour of eight short lessons on the demo models</source>
        <translation>基于演示模型的八节短课导览</translation>
    </message>
    <message>
        <source>&amp;About QuantLens</source>
        <translation>关于 QuantLens(&amp;A)</translation>
    </message>
    <message>
        <source>About QuantLens</source>
        <translation>关于 QuantLens</translation>
    </message>
    <message>
        <source>&lt;b&gt;QuantLens&lt;/b&gt; %1&lt;br&gt;A quantization explorer: open a model, see how its tensors are distributed and what number formats do to them.&lt;br&gt;&lt;br&gt;The stories260K demo model is from Andrej Karpathy&apos;s llama2.c (MIT License).</source>
        <translation>&lt;b&gt;QuantLens&lt;/b&gt; %1&lt;br&gt;量化探索工具：打开模型，查看其张量的分布，以及各种数值格式对它们的影响。&lt;br&gt;&lt;br&gt;演示模型 stories260K 来自 Andrej Karpathy 的 llama2.c（MIT 许可证）。</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>%1 — QuantLens</source>
        <translation>%1 — QuantLens</translation>
    </message>
    <message numerus="yes">
        <source>%n tensor(s) loaded.</source>
        <translation>
            <numerusform>已加载 %n 个张量。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: no tensor named &apos;%2&apos;</source>
        <translation>%1：没有名为“%2”的张量</translation>
    </message>
    <message>
        <source>Computing statistics of every tensor…</source>
        <translation>正在计算所有张量的统计信息…</translation>
    </message>
    <message numerus="yes">
        <source>Statistics of all %n tensor(s) computed.</source>
        <translation>
            <numerusform>已计算全部 %n 个张量的统计信息。</numerusform>
        </translation>
    </message>
    <message>
        <source>Computing statistics of %1…</source>
        <translation>正在计算 %1 的统计信息…</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n layer input(s) read from %1.</source>
        <translation>
            <numerusform>已从 %1 读取 %n 个层输入。</numerusform>
        </translation>
    </message>
    <message>
        <source>Capturing activations of %1…</source>
        <translation>正在捕获 %1 的激活…</translation>
    </message>
    <message>
        <source>the activations captured from %1</source>
        <translation>从 %1 捕获的激活</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Capture &amp;Activations from the Model…</source>
        <translation>从模型捕获激活(&amp;A)…</translation>
    </message>
    <message>
        <source>Run the open model — a Llama model over sequences sampled from it, a text file or typed text, a classifier over its evaluation set — and record the input of every linear and convolution layer</source>
        <translation>运行当前打开的模型——Llama 模型在从它采样的序列、文本文件或输入的文本上运行，分类器在其评估集上运行——并记录每个线性层和卷积层的输入</translation>
    </message>
    <message>
        <source>Open &amp;Session…</source>
        <translation>打开会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>QuantLens sessions (*.qlsession)</source>
        <translation>QuantLens 会话 (*.qlsession)</translation>
    </message>
    <message>
        <source>&amp;Save Session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Session saved to %1.</source>
        <translation>会话已保存到 %1。</translation>
    </message>
    <message>
        <source>Open a model first: a session is made of a model and what was done with it.</source>
        <translation>请先打开模型：会话由模型及对其所做的操作组成。</translation>
    </message>
    <message>
        <source>The session %1 was made with %2, which is no longer there: open the model where it is now, then the session&apos;s sweep with Plan → Open sweep.</source>
        <translation>会话 %1 基于 %2 创建，但该文件已不存在：请在其现在的位置打开模型，然后通过 计划 → 打开扫描 打开会话的扫描。</translation>
    </message>
    <message>
        <source>the calibration file %1 is no longer there</source>
        <translation>校准文件 %1 已不存在</translation>
    </message>
    <message>
        <source>its plan target &apos;%1&apos; is unknown</source>
        <translation>其计划目标“%1”未知</translation>
    </message>
    <message>
        <source>its tensor %1 is not in the model</source>
        <translation>其张量 %1 不在模型中</translation>
    </message>
    <message>
        <source>Session %1 restored.</source>
        <translation>会话 %1 已恢复。</translation>
    </message>
    <message>
        <source>the model %1 was %2 bytes and is %3 bytes now</source>
        <translation>模型 %1 原为 %2 字节，现为 %3 字节</translation>
    </message>
    <message>
        <source>the tensors of %1 (names, types, shapes or offsets) are not those the session was made with</source>
        <translation>%1 的张量（名称、类型、形状或偏移）与创建会话时不同</translation>
    </message>
    <message>
        <source>Session %1 restored, with differences: %2.</source>
        <translation>会话 %1 已恢复，但有差异：%2。</translation>
    </message>
    <message>
        <source>Restore the last session?</source>
        <translation>恢复上次的会话？</translation>
    </message>
    <message>
        <source>QuantLens did not close normally last time. Restore the session it saved (model, sweep, plan and view)?</source>
        <translation>QuantLens 上次未正常关闭。要恢复它保存的会话（模型、扫描、计划和视图）吗？</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <source>its view &apos;%1&apos; is unknown</source>
        <translation>其视图“%1”未知</translation>
    </message>
    <message>
        <source>settings of the %1 view it could not restore: %2</source>
        <translation>无法恢复的 %1 视图设置：%2</translation>
    </message>
    <message>
        <source>Reading the session %1…</source>
        <translation>正在读取会话 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Its sweep had not finished: %n tensor(s) measured; Continue sweep measures the rest.</source>
        <translation>
            <numerusform>其扫描尚未完成：已测量 %n 个张量；“继续扫描”会测量其余部分。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ql::MetadataModel</name>
    <message numerus="yes">
        <source>%n items: %1, …</source>
        <translation>
            <numerusform>%n 项：%1, …</numerusform>
        </translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>ql::MethodBars</name>
    <message>
        <source>Output error of each layer on its captured inputs under round-to-nearest, GPTQ and AWQ. Right-click to save or copy.</source>
        <translation>每层在其捕获输入上、使用就近舍入、GPTQ 和 AWQ 时的输出误差。右键可保存或复制。</translation>
    </message>
    <message>
        <source>RTN, GPTQ and AWQ per layer</source>
        <translation>每层的 RTN、GPTQ 和 AWQ</translation>
    </message>
    <message>
        <source>Press Compare methods to see what GPTQ and AWQ buy over round-to-nearest on every layer.</source>
        <translation>点击“比较方法”，查看 GPTQ 和 AWQ 在每一层上相对于就近舍入的收益。</translation>
    </message>
    <message>
        <source>Capture or open calibration activations, then press Compare methods to see what GPTQ and AWQ buy over round-to-nearest on every layer.</source>
        <translation>捕获或打开校准激活，然后点击“比较方法”，查看 GPTQ 和 AWQ 在每层上相对就近舍入的收益。</translation>
    </message>
    <message>
        <source>round-to-nearest</source>
        <translation>就近舍入</translation>
    </message>
    <message>
        <source>%1: output error on the captured inputs; mean GPTQ / RTN %2, AWQ / RTN %3</source>
        <translation>%1：在捕获输入上的输出误差；平均 GPTQ / RTN %2，AWQ / RTN %3</translation>
    </message>
</context>
<context>
    <name>ql::MethodsView</name>
    <message>
        <source>Compare methods</source>
        <translation>比较方法</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The spec every method quantizes to (integer, NF4, FP8 or MXFP4; not llama.cpp formats)</source>
        <translation>各方法量化到的格式（整数、NF4、FP8 或 MXFP4；不支持 llama.cpp 格式）</translation>
    </message>
    <message>
        <source>Quantize every layer with calibration data by RTN, GPTQ and AWQ and measure each output error</source>
        <translation>用 RTN、GPTQ 和 AWQ 量化每个有校准数据的层，并测量各自的输出误差</translation>
    </message>
    <message>
        <source>SmoothQuant&apos;s migration strength α: 0 keeps the activations&apos; range, 1 moves it all into the weights</source>
        <translation>SmoothQuant 的迁移强度 α：0 保留激活的范围，1 将其全部移入权重</translation>
    </message>
    <message>
        <source>&amp;Spec:</source>
        <translation>格式(&amp;S)：</translation>
    </message>
    <message>
        <source>SmoothQuant &amp;α:</source>
        <translation>SmoothQuant &amp;α：</translation>
    </message>
    <message>
        <source>Quantizing every layer with RTN, GPTQ and AWQ…</source>
        <translation>正在用 RTN、GPTQ 和 AWQ 量化每一层…</translation>
    </message>
    <message>
        <source>Not enough memory to compare the methods.</source>
        <translation>内存不足，无法比较这些方法。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>No layer of this model has a Hessian in the calibration data.</source>
        <translation>校准数据中没有该模型任何层的 Hessian 矩阵。</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s): GPTQ beats RTN on %1, AWQ on %2; GPTQ %3 s, AWQ %4 s per layer.</source>
        <translation>
            <numerusform>%n 层：GPTQ 在 %1 层上优于 RTN，AWQ 在 %2 层上；每层 GPTQ %3 秒，AWQ %4 秒。</numerusform>
        </translation>
    </message>
    <message>
        <source>SmoothQuant and the AWQ saliency ablation need captured layer inputs: File → Capture Activations, or File → Open Calibration Activations.</source>
        <translation>SmoothQuant 和 AWQ 显著性消融需要捕获的层输入：文件 → 从模型捕获激活，或 文件 → 打开校准激活。</translation>
    </message>
    <message>
        <source>The calibration data holds no input rows for this tensor.</source>
        <translation>校准数据中没有此张量的输入行。</translation>
    </message>
    <message>
        <source>Layers of up to %1 values are examined here.</source>
        <translation>此处仅分析最多 %1 个值的层。</translation>
    </message>
    <message>
        <source>Smoothing…</source>
        <translation>正在平滑…</translation>
    </message>
    <message>
        <source>W8A8 output error (INT8 weights per channel, activations per tensor): %1 before smoothing, %2 after (α = %3).</source>
        <translation>W8A8 输出误差（INT8 权重逐通道，激活逐张量）：平滑前 %1，平滑后 %2（α = %3）。</translation>
    </message>
    <message>
        <source>AWQ ablation at %1, keeping %2 input channel(s) (1 %) in full precision — output error:
none kept %3
by activation %4
by weight magnitude %5
random %6</source>
        <translation>AWQ 消融（%1），保留 %2 个输入通道（1 %）为全精度——输出误差：
不保留 %3
按激活 %4
按权重幅值 %5
随机 %6</translation>
    </message>
</context>
<context>
    <name>ql::ModelSummary</name>
    <message>
        <source>Filter metadata</source>
        <translation>筛选元数据</translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Format: %2 · %3 tensors · %4 parameters · %5 of tensor data (file %6)&lt;br&gt;Types: %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;格式：%2 · %3 个张量 · %4 个参数 · 张量数据 %5（文件 %6）&lt;br&gt;类型：%7</translation>
    </message>
    <message>
        <source>&lt;br&gt;Optimizer state: %1 values (not counted as parameters)</source>
        <translation>&lt;br&gt;优化器状态：%1 个值（不计入参数）</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>unknown (%1)</source>
        <translation>未知（%1）</translation>
    </message>
    <message>
        <source>&lt;br&gt;llama.cpp: %1 · %2 bits per weight · tensors by type: %3</source>
        <translation>&lt;br&gt;llama.cpp：%1 · 每权重 %2 位 · 各类型张量：%3</translation>
    </message>
    <message>
        <source>no file type declared</source>
        <translation>未声明文件类型</translation>
    </message>
    <message>
        <source>file type %1</source>
        <translation>文件类型 %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Plan → This file&apos;s own mix shows every tensor&apos;s type; quantlens-cli llamacpp-plan --own writes it as a plan.</source>
        <translation>&lt;br&gt;计划 → 此文件自身的组合 显示每个张量的类型；quantlens-cli llamacpp-plan --own 将其写成计划。</translation>
    </message>
</context>
<context>
    <name>ql::OutliersView</name>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>z-score</source>
        <translation>z 分数</translation>
    </message>
    <message>
        <source>How many of the largest-magnitude values to list</source>
        <translation>列出多少个绝对值最大的值</translation>
    </message>
    <message>
        <source>Kurtosis</source>
        <translation>峰度</translation>
    </message>
    <message>
        <source>max|x| / std</source>
        <translation>max|x| / 标准差</translation>
    </message>
    <message>
        <source>The outlier measure drawn for every weight tensor</source>
        <translation>为每个权重张量绘制的离群度量</translation>
    </message>
    <message>
        <source>Activation magnitude that counts as an outlier (6 in the LLM.int8() paper)</source>
        <translation>视为离群的激活幅值（LLM.int8() 论文中为 6）</translation>
    </message>
    <message>
        <source>|x| of the selected layer&apos;s captured input, tokens down, channels across. Right-click to save or copy.</source>
        <translation>所选层捕获输入的 |x|，纵向为词元，横向为通道。右键可保存或复制。</translation>
    </message>
    <message>
        <source>&amp;Top values:</source>
        <translation>最大值(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Depth chart:</source>
        <translation>深度图(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Activation threshold:</source>
        <translation>激活阈值(&amp;A)：</translation>
    </message>
    <message>
        <source>Select a tensor to list its largest values.</source>
        <translation>选择一个张量，列出其最大的值。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: kurtosis %2, max|x| / std %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：峰度 %2，max|x| / 标准差 %3</translation>
    </message>
    <message>
        <source>Top values are listed for tensors of up to %1 values.</source>
        <translation>仅对最多 %1 个值的张量列出最大值。</translation>
    </message>
    <message>
        <source>Finding the largest values…</source>
        <translation>正在查找最大的值…</translation>
    </message>
    <message>
        <source>Activations: open captured layer inputs (File → Open Calibration Activations…) or capture them from the open model (File → Capture Activations) to see each layer&apos;s input, tokens × channels, and the model&apos;s outlier features.</source>
        <translation>激活：打开捕获的层输入（文件 → 打开校准激活…）或从已打开的模型捕获（文件 → 从模型捕获激活），即可查看每层的输入（词元 × 通道）以及模型的离群特征。</translation>
    </message>
    <message>
        <source>%1 holds statistics for %2 but no input rows.</source>
        <translation>%1 含有 %2 的统计量，但没有输入行。</translation>
    </message>
    <message>
        <source>%1 has no inputs for %2 (it records the inputs of linear layers).</source>
        <translation>%1 没有 %2 的输入（它记录的是线性层的输入）。</translation>
    </message>
    <message>
        <source>Looking for outlier features…</source>
        <translation>正在查找离群特征…</translation>
    </message>
    <message>
        <source>Outlier features of width %1 over %2 layer(s) (LLM.int8() rule: |x| ≥ %3 in ≥ 25 % of layers and ≥ 6 % of tokens): %4.</source>
        <translation>宽度 %1、共 %2 层中的离群特征（LLM.int8() 规则：在 ≥ 25 % 的层和 ≥ 6 % 的词元中 |x| ≥ %3）：%4。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>dim %1: %2 layer(s), %3 % of tokens, max %4</source>
        <translation>维度 %1：%2 层，%3 % 的词元，最大 %4</translation>
    </message>
    <message>
        <source>No dimension reaches |x| ≥ %1.</source>
        <translation>没有维度达到 |x| ≥ %1。</translation>
    </message>
    <message>
        <source>Most frequent:</source>
        <translation>最常见：</translation>
    </message>
</context>
<context>
    <name>ql::PackingView</name>
    <message>
        <source>INT4 (symmetric, group of 32)</source>
        <translation>INT4（对称，每组 32）</translation>
    </message>
    <message>
        <source>The storage layout to show</source>
        <translation>要显示的存储布局</translation>
    </message>
    <message>
        <source>The row (output channel) whose values are packed</source>
        <translation>要打包其值的行（输出通道）</translation>
    </message>
    <message>
        <source>Which block of the row to show</source>
        <translation>显示该行的哪个块</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Zero</source>
        <translation>零点</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Dequantized</source>
        <translation>反量化值</translation>
    </message>
    <message>
        <source>Stored in</source>
        <translation>存储位置</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>布局(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Row:</source>
        <translation>行(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Block:</source>
        <translation>块(&amp;B)：</translation>
    </message>
    <message>
        <source>Select a tensor to see how its values are stored.</source>
        <translation>选择一个张量，查看它的值如何存储。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>Packing is shown for tensors of up to %1 values; this one has %2.</source>
        <translation>仅对最多 %1 个值的张量显示打包；此张量有 %2 个。</translation>
    </message>
    <message>
        <source>Symmetric INT4 per group of 32: code = round(x / scale) + 8, two codes per byte (value 2i in the low nibble of byte i, 2i+1 in the high nibble). The FP16 scale %1 (%2) is kept beside the codes, as GPTQ and AWQ checkpoints keep it in a separate tensor.</source>
        <translation>每组 32 的对称 INT4：编码 = round(x / 缩放) + 8，每字节两个编码（值 2i 在字节 i 的低半字节，2i+1 在高半字节）。FP16 缩放 %1（%2）与编码分开存放，就像 GPTQ 和 AWQ 检查点把它存在单独的张量中。</translation>
    </message>
    <message>
        <source>llama.cpp Q4_0: an FP16 scale d = %1 (%2), then 16 bytes of codes: value j in the low nibble of code byte j, value j+16 in its high nibble; x = d × (code − 8).</source>
        <translation>llama.cpp Q4_0：一个 FP16 缩放 d = %1（%2），然后是 16 字节编码：值 j 在编码字节 j 的低半字节，值 j+16 在其高半字节；x = d × (编码 − 8)。</translation>
    </message>
    <message>
        <source>llama.cpp Q4_1: FP16 scale d = %1 (%2) and minimum m = %3 (%4), then 16 bytes of codes laid out as in Q4_0; x = d × code + m.</source>
        <translation>llama.cpp Q4_1：FP16 缩放 d = %1（%2）和最小值 m = %3（%4），然后是与 Q4_0 相同布局的 16 字节编码；x = d × 编码 + m。</translation>
    </message>
    <message>
        <source>llama.cpp Q8_0: an FP16 scale d = %1 (%2), then one signed byte per value; x = d × code.</source>
        <translation>llama.cpp Q8_0：一个 FP16 缩放 d = %1（%2），然后每个值一个有符号字节；x = d × 编码。</translation>
    </message>
    <message>
        <source>llama.cpp Q4_K: a super-block of 256 values in eight sub-blocks of 32. FP16 d = %1 (%2) and dmin = %3 (%4); twelve bytes pack each sub-block&apos;s 6-bit scale and 6-bit minimum; each 64 values share 32 code bytes (first 32 in the low nibbles, next 32 in the high ones); x = (d × scale) × code − dmin × min.</source>
        <translation>llama.cpp Q4_K：256 个值的超块，分为 8 个 32 值子块。FP16 d = %1（%2），dmin = %3（%4）；12 个字节打包每个子块的 6 位缩放和 6 位最小值；每 64 个值共用 32 个编码字节（前 32 个在低半字节，后 32 个在高半字节）；x = (d × 缩放) × 编码 − dmin × 最小值。</translation>
    </message>
    <message>
        <source>%1: scale %2, min %3</source>
        <translation>%1：缩放 %2，最小值 %3</translation>
    </message>
    <message>
        <source>Sub-blocks:</source>
        <translation>子块：</translation>
    </message>
    <message>
        <source>%1 bits per weight.</source>
        <translation>每个权重 %1 位。</translation>
    </message>
    <message>
        <source>The row has %1 values, not a multiple of %2: the last block is padded with zeros here, and llama.cpp cannot store this tensor in this format.</source>
        <translation>该行有 %1 个值，不是 %2 的倍数：此处最后一块用零填充，llama.cpp 无法以此格式存储该张量。</translation>
    </message>
    <message>
        <source>byte %1</source>
        <translation>字节 %1</translation>
    </message>
    <message>
        <source>byte %1, bits %2–%3</source>
        <translation>字节 %1，第 %2–%3 位</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>NVFP4 (NVIDIA, block of 16)</source>
        <translation>NVFP4（NVIDIA，16 个一块）</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>llama.cpp IQ4_XS: a super-block of 256 values in eight sub-blocks of 32. FP16 d = %1 (%2); each sub-block&apos;s 6-bit scale keeps its low four bits in bytes 4–7 and its top two in bytes 2–3; each 32 values share 16 code bytes (first 16 in the low nibbles); a code picks one of 16 non-linear levels (−127 … 113); x = d × (scale − 32) × level.</source>
        <translation>llama.cpp IQ4_XS：256 个值的超块，分为八个 32 值子块。FP16 d = %1（%2）；每个子块 6 位缩放因子的低四位在字节 4–7，高两位在字节 2–3；每 32 个值共用 16 个编码字节（前 16 个在低半字节）；编码选取 16 个非线性级别之一（−127 … 113）；x = d × (缩放 − 32) × 级别。</translation>
    </message>
    <message>
        <source>%1: scale %2 → %3</source>
        <translation>%1：缩放 %2 → %3</translation>
    </message>
    <message>
        <source>llama.cpp IQ3_XXS: 256 values, FP16 d = %1 (%2). Values go in fours to points of a lattice of 256 (each coordinate one of 4, 12, …, 62): 64 index bytes, one per point. Per 32 values a 32-bit word holds four groups of 7 sign bits (the eighth sign of each group of 8 makes the number of minus signs even) and, in its top four bits, the sub-block&apos;s scale s; x = d × (0.5 + s) / 2 × ±level.</source>
        <translation>llama.cpp IQ3_XXS：256 个值，FP16 d = %1（%2）。每四个值对应一个 256 点格的一个点（每个坐标取 4、12、…、62 之一）：64 个索引字节，每点一个。每 32 个值用一个 32 位字保存四组 7 个符号位（每组 8 个中的第八个符号使负号个数为偶数），其最高四位为子块缩放 s；x = d × (0.5 + s) / 2 × ±级别。</translation>
    </message>
    <message>
        <source>NVIDIA NVFP4 (as ModelOpt stores it): 16 E2M1 codes, value 2i in the low nibble of byte i and 2i+1 in the high one, and the block&apos;s E4M3 scale %1 (0x%2), kept in a separate scale tensor. The tensor&apos;s FP32 scale %3 = max |x| / (6 × 448) is stored once per tensor; x = E2M1 level × E4M3 scale × FP32 scale.</source>
        <translation>NVIDIA NVFP4（按 ModelOpt 的存储方式）：16 个 E2M1 编码，值 2i 在字节 i 的低半字节，2i+1 在高半字节，另有块的 E4M3 缩放因子 %1（0x%2），存于单独的缩放张量。张量的 FP32 缩放 %3 = max |x| / (6 × 448)，每个张量存一次；x = E2M1 级别 × E4M3 缩放 × FP32 缩放。</translation>
    </message>
    <message>
        <source>byte %1 (point %2, position %3), sign implied</source>
        <translation>字节 %1（点 %2，位置 %3），符号隐含</translation>
    </message>
    <message>
        <source>byte %1 (point %2, position %3), sign: byte %4 bit %5</source>
        <translation>字节 %1（点 %2，位置 %3），符号：字节 %4 第 %5 位</translation>
    </message>
</context>
<context>
    <name>ql::PlanModel</name>
    <message>
        <source>Double-click to choose this tensor&apos;s spec; the choice is locked and the rest re-planned</source>
        <translation>双击为该张量选择格式；所选格式将被锁定，其余张量重新规划</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Bits/weight</source>
        <translation>每权重位数</translation>
    </message>
    <message>
        <source>Predicted error</source>
        <translation>预测误差</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
</context>
<context>
    <name>ql::PlanSolver</name>
    <message>
        <source>Not enough memory to solve the plan.</source>
        <translation>内存不足，无法求解方案。</translation>
    </message>
</context>
<context>
    <name>ql::PlannerView</name>
    <message>
        <source>Integer round-to-nearest</source>
        <translation>整数就近取整</translation>
    </message>
    <message>
        <source>llama.cpp k-quants</source>
        <translation>llama.cpp k 量化</translation>
    </message>
    <message>
        <source>NF4, FP8, MXFP4</source>
        <translation>NF4、FP8、MXFP4</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Candidate specs, separated by commas</source>
        <translation>候选格式，用逗号分隔</translation>
    </message>
    <message>
        <source>RTN</source>
        <translation>RTN</translation>
    </message>
    <message>
        <source>How each candidate is applied: round-to-nearest, or GPTQ / AWQ with the captured inputs (File → Capture Activations or Open Calibration Activations)</source>
        <translation>每个候选格式的应用方式：就近舍入，或使用捕获输入的 GPTQ / AWQ（文件 → 从模型捕获激活 或 打开校准激活）</translation>
    </message>
    <message>
        <source>Open sweep…</source>
        <translation>打开扫描…</translation>
    </message>
    <message>
        <source>Save sweep…</source>
        <translation>保存扫描…</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>Relative MSE of every tensor under every candidate, on a log colour scale</source>
        <translation>每个张量在每个候选格式下的相对 MSE（对数色阶）</translation>
    </message>
    <message>
        <source>Budget in bits per weight</source>
        <translation>以每权重位数表示的预算</translation>
    </message>
    <message>
        <source> bits/weight</source>
        <translation> 位/权重</translation>
    </message>
    <message>
        <source>llama.cpp tensor types</source>
        <translation>llama.cpp 张量类型</translation>
    </message>
    <message>
        <source>GPTQModel dynamic</source>
        <translation>GPTQModel dynamic</translation>
    </message>
    <message>
        <source>llm-compressor recipe</source>
        <translation>llm-compressor 配方</translation>
    </message>
    <message>
        <source>ModelOpt hf_quant_config.json</source>
        <translation>ModelOpt hf_quant_config.json</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>Markdown report</source>
        <translation>Markdown 报告</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save plan…</source>
        <translation>保存方案…</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Pareto frontier</source>
        <translation>帕累托前沿</translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation>当前方案</translation>
    </message>
    <message>
        <source>bits per weight</source>
        <translation>每权重位数</translation>
    </message>
    <message>
        <source>predicted error</source>
        <translation>预测误差</translation>
    </message>
    <message>
        <source>Plans along the frontier</source>
        <translation>前沿上的方案</translation>
    </message>
    <message>
        <source>measured KL divergence</source>
        <translation>实测 KL 散度</translation>
    </message>
    <message>
        <source>Weight error (relative MSE)</source>
        <translation>权重误差（相对 MSE）</translation>
    </message>
    <message>
        <source>End-to-end KL (sweep with --e2e)</source>
        <translation>端到端 KL（使用 --e2e 扫描）</translation>
    </message>
    <message>
        <source>Sensitivity over depth</source>
        <translation>各层敏感度</translation>
    </message>
    <message>
        <source>Bits over depth</source>
        <translation>各层位宽</translation>
    </message>
    <message>
        <source>Predicted vs measured</source>
        <translation>预测与实测</translation>
    </message>
    <message>
        <source>Evaluate plan</source>
        <translation>评估方案</translation>
    </message>
    <message>
        <source>Validate frontier</source>
        <translation>验证前沿</translation>
    </message>
    <message>
        <source>Run the model with the plan and compare it with full precision</source>
        <translation>用该方案运行模型并与全精度比较</translation>
    </message>
    <message>
        <source>Measure plans along the Pareto frontier end to end</source>
        <translation>端到端测量帕累托前沿上的方案</translation>
    </message>
    <message>
        <source>Clear locks</source>
        <translation>清除锁定</translation>
    </message>
    <message>
        <source>Forget the specs chosen by hand and plan every tensor again</source>
        <translation>忽略手动选择的格式，重新规划所有张量</translation>
    </message>
    <message>
        <source>Run a sweep (or open one) to plan a bit width per tensor.</source>
        <translation>运行（或打开）一次扫描，为每个张量规划位宽。</translation>
    </message>
    <message numerus="yes">
        <source>Sweeping %n candidate spec(s)…</source>
        <translation>
            <numerusform>正在扫描 %n 个候选格式…</numerusform>
        </translation>
    </message>
    <message>
        <source>end-to-end KL</source>
        <translation>端到端 KL</translation>
    </message>
    <message>
        <source>relative MSE</source>
        <translation>相对 MSE</translation>
    </message>
    <message>
        <source>KL divergence, this tensor alone</source>
        <translation>KL 散度（仅量化此张量）</translation>
    </message>
    <message>
        <source>%1 tensors · %2 bits per weight · %3 · predicted error %4</source>
        <translation>%1 个张量 · 每权重 %2 位 · %3 · 预测误差 %4</translation>
    </message>
    <message numerus="yes">
        <source> · %n tensor(s) no candidate can hold stay at full precision</source>
        <translation>
            <numerusform> · %n 个无候选格式可容纳的张量保持全精度</numerusform>
        </translation>
    </message>
    <message>
        <source>KL mean</source>
        <translation>KL 均值</translation>
    </message>
    <message>
        <source>KL p99</source>
        <translation>KL p99</translation>
    </message>
    <message>
        <source>top-1 agreement</source>
        <translation>top-1 一致率</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>full-precision perplexity</source>
        <translation>全精度困惑度</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>full-precision accuracy</source>
        <translation>全精度准确率</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>正在评估…</translation>
    </message>
    <message>
        <source>Evaluating the plan end to end…</source>
        <translation>正在端到端评估方案…</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Validating…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Measuring plans along the frontier…</source>
        <translation>正在测量前沿上的方案…</translation>
    </message>
    <message numerus="yes">
        <source>%n plan(s) measured; Spearman rank correlation of predicted and measured error %1</source>
        <translation>
            <numerusform>已测量 %n 个方案；预测误差与实测误差的斯皮尔曼等级相关系数为 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export plan</source>
        <translation>导出方案</translation>
    </message>
    <message>
        <source>Save plan</source>
        <translation>保存方案</translation>
    </message>
    <message>
        <source>QuantLens plans (*.json)</source>
        <translation>QuantLens 方案 (*.json)</translation>
    </message>
    <message>
        <source>Save sweep</source>
        <translation>保存扫描</translation>
    </message>
    <message>
        <source>QuantLens sweeps (*.json)</source>
        <translation>QuantLens 扫描 (*.json)</translation>
    </message>
    <message>
        <source>Open sweep</source>
        <translation>打开扫描</translation>
    </message>
    <message>
        <source>Judge text</source>
        <translation>评估文本</translation>
    </message>
    <message>
        <source>llama.cpp: k-quants, legacy and i-quants</source>
        <translation>llama.cpp：k-quants、传统类型和 i-quants</translation>
    </message>
    <message>
        <source>llama.cpp i-quants</source>
        <translation>llama.cpp i-quants</translation>
    </message>
    <message>
        <source>GPTQModel: 2, 3, 4 and 8 bits per group</source>
        <translation>GPTQModel：每组 2、3、4 和 8 位</translation>
    </message>
    <message>
        <source>llm-compressor: INT4/INT8 and FP8</source>
        <translation>llm-compressor：INT4/INT8 和 FP8</translation>
    </message>
    <message>
        <source>No tool (research)</source>
        <translation>无工具（研究）</translation>
    </message>
    <message>
        <source>The tool the plan is for: it decides the candidate specs, the presets beside the frontier, the judge&apos;s arithmetic and the export</source>
        <translation>计划面向的工具：它决定候选规格、前沿旁的预设、评估器的算术和导出</translation>
    </message>
    <message>
        <source>llama.cpp arithmetic</source>
        <translation>llama.cpp 算术</translation>
    </message>
    <message>
        <source>float arithmetic</source>
        <translation>浮点算术</translation>
    </message>
    <message>
        <source>How the judge computes: as llama.cpp&apos;s CPU inference does (activations rounded to each weight type&apos;s dot-product type, F16 KV cache), or in float, independent of any tool</source>
        <translation>评估器的计算方式：与 llama.cpp 的 CPU 推理相同（激活舍入到每种权重类型的点积类型，F16 KV 缓存），或使用与工具无关的浮点</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>predicted error (log scale)</source>
        <translation>预测误差（对数刻度）</translation>
    </message>
    <message>
        <source>Compare a GGUF…</source>
        <translation>比较 GGUF…</translation>
    </message>
    <message>
        <source>Place a quantized GGUF of this model beside the frontier: its stored types scored on this sweep</source>
        <translation>将此模型的量化 GGUF 放在前沿旁：用本次扫描为其存储的类型打分</translation>
    </message>
    <message>
        <source>This file&apos;s own mix</source>
        <translation>此文件自身的组合</translation>
    </message>
    <message>
        <source>Show the types this GGUF file stores as the plan (what did this file do?)</source>
        <translation>将此 GGUF 文件存储的类型显示为计划（这个文件做了什么？）</translation>
    </message>
    <message>
        <source>%1 (needs %2)</source>
        <translation>%1（需要 %2）</translation>
    </message>
    <message>
        <source>llama.cpp presets</source>
        <translation>llama.cpp 预设</translation>
    </message>
    <message>
        <source>Not shown, the sweep lacks a type they use: %1.</source>
        <translation>未显示，扫描缺少它们使用的类型：%1。</translation>
    </message>
    <message>
        <source>Not applicable here (an importance matrix or a type QuantLens cannot write is needed): %1.</source>
        <translation>此处不适用（需要重要性矩阵或 QuantLens 无法写入的类型）：%1。</translation>
    </message>
    <message>
        <source>Compare a quantized GGUF</source>
        <translation>比较量化的 GGUF</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF 文件 (*.gguf)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>This file&apos;s own types: %1 tensors · %2 bits per weight · %3</source>
        <translation>此文件自身的类型：%1 个张量 · 每权重 %2 位 · %3</translation>
    </message>
    <message>
        <source>Choose candidates the target can express, or the target “%1”.</source>
        <translation>请选择目标能表达的候选，或选择目标“%1”。</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Exported. Run: %1</source>
        <translation>已导出。运行：%1</translation>
    </message>
    <message>
        <source>The plan is written to %1. Run:</source>
        <translation>计划已写入 %1。运行：</translation>
    </message>
    <message>
        <source>Compared GGUF files</source>
        <translation>比较的 GGUF 文件</translation>
    </message>
    <message>
        <source>%1: %2 bits per weight, predicted error %3</source>
        <translation>%1：每权重 %2 位，预测误差 %3</translation>
    </message>
    <message numerus="yes">
        <source>%n tool preset(s) beside the frontier, scored on this sweep (hover a point for its names).</source>
        <translation>
            <numerusform>前沿旁有 %n 个工具预设，按本次扫描打分（悬停在点上查看名称）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Measure the tensors the cancelled sweep did not reach, keeping the rows it finished</source>
        <translation>测量被取消的扫描未完成的张量，并保留其已完成的行</translation>
    </message>
    <message numerus="yes">
        <source>Continue sweep (%n tensor(s) done)</source>
        <translation>
            <numerusform>继续扫描（已完成 %n 个张量）</numerusform>
        </translation>
    </message>
    <message>
        <source>ModelOpt: NVFP4, FP8, INT8, INT4</source>
        <translation>ModelOpt：NVFP4、FP8、INT8、INT4</translation>
    </message>
    <message>
        <source>OCP MX and NVFP4</source>
        <translation>OCP MX 与 NVFP4</translation>
    </message>
    <message>
        <source>Reading the sweep %1…</source>
        <translation>正在读取扫描 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Validating: %n plan(s) measured before are kept…</source>
        <translation>
            <numerusform>正在验证：保留之前已测量的 %n 个方案…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ql::SawtoothPlot</name>
    <message>
        <source>Rounding error Q(x) − x over x, with the tensor&apos;s values underneath. Right-click to save or copy.</source>
        <translation>舍入误差 Q(x) − x 随 x 的变化，下方为张量的数值分布。右键可保存或复制。</translation>
    </message>
    <message>
        <source>+s/2</source>
        <translation>+s/2</translation>
    </message>
    <message>
        <source>−s/2</source>
        <translation>−s/2</translation>
    </message>
    <message>
        <source>Q(x) − x</source>
        <translation>Q(x) − x</translation>
    </message>
    <message>
        <source>±s/2</source>
        <translation>±s/2</translation>
    </message>
    <message>
        <source>clipped</source>
        <translation>截断</translation>
    </message>
    <message>
        <source>tensor values</source>
        <translation>张量数值</translation>
    </message>
    <message>
        <source>Rounding error sawtooth</source>
        <translation>舍入误差锯齿图</translation>
    </message>
</context>
<context>
    <name>ql::SawtoothView</name>
    <message>
        <source>Symmetric</source>
        <translation>对称</translation>
    </message>
    <message>
        <source>INT</source>
        <translation>INT</translation>
    </message>
    <message>
        <source>Bits per value: 2^bits levels</source>
        <translation>每个值的位数：2^位数 个量化级</translation>
    </message>
    <message>
        <source>Clip the range to this share of the tensor&apos;s range: values beyond it saturate</source>
        <translation>将范围截断为张量范围的此比例：超出的值饱和</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Zero-point code of the asymmetric grid (auto: the code that makes 0 exact)</source>
        <translation>非对称网格的零点编码（自动：使 0 精确表示的编码）</translation>
    </message>
    <message>
        <source>Symmetric: ±max|x| with zero-point 0; asymmetric: [min, max] with a zero-point</source>
        <translation>对称：±max|x|，零点为 0；非对称：[min, max]，带零点</translation>
    </message>
    <message>
        <source>Nearest, ties to even</source>
        <translation>最近舍入，平局取偶</translation>
    </message>
    <message>
        <source>Nearest, ties away from zero</source>
        <translation>最近舍入，平局远离零</translation>
    </message>
    <message>
        <source>Stochastic (expected error)</source>
        <translation>随机舍入（期望误差）</translation>
    </message>
    <message>
        <source>How values between two levels are rounded</source>
        <translation>两个量化级之间的值如何舍入</translation>
    </message>
    <message>
        <source>&amp;Bits:</source>
        <translation>位数(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Clip:</source>
        <translation>截断(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Zero-point:</source>
        <translation>零点(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Rounding:</source>
        <translation>舍入(&amp;R)：</translation>
    </message>
    <message>
        <source>Select a tensor to see where its values sit on the rounding-error sawtooth.</source>
        <translation>选择一个张量，查看其数值在舍入误差锯齿上的位置。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 values in [%3, %4]</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：%2 个值，范围 [%3, %4]</translation>
    </message>
    <message>
        <source>Scale s = %1
Zero-point = %2
Levels = %3 … %4
Relative MSE ≈ %5
SQNR ≈ %6 dB
Clipped = %7 %
(estimated from the %8-bin histogram)</source>
        <translation>缩放 s = %1
零点 = %2
量化级 = %3 … %4
相对 MSE ≈ %5
SQNR ≈ %6 dB
截断 = %7 %
（由 %8 个区间的直方图估计）</translation>
    </message>
    <message>
        <source>∞</source>
        <translation>∞</translation>
    </message>
</context>
<context>
    <name>ql::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>System colours</source>
        <translation>系统颜色</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>The desktop&apos;s colours, or QuantLens&apos;s own light or dark palette</source>
        <translation>桌面的颜色，或 QuantLens 自带的浅色或深色配色</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>A new language takes effect when QuantLens is started again.</source>
        <translation>新语言将在 QuantLens 重新启动后生效。</translation>
    </message>
</context>
<context>
    <name>ql::SmoothPlot</name>
    <message>
        <source>Per input channel: max |X| and max |W| before smoothing (faint) and after (solid). Right-click to save or copy.</source>
        <translation>每个输入通道：平滑前（浅色）和平滑后（实色）的 max |X| 与 max |W|。右键可保存或复制。</translation>
    </message>
    <message>
        <source>SmoothQuant</source>
        <translation>SmoothQuant</translation>
    </message>
    <message>
        <source>max |X| before</source>
        <translation>平滑前 max |X|</translation>
    </message>
    <message>
        <source>max |W| before</source>
        <translation>平滑前 max |W|</translation>
    </message>
    <message>
        <source>max |X| after</source>
        <translation>平滑后 max |X|</translation>
    </message>
    <message>
        <source>max |W| after</source>
        <translation>平滑后 max |W|</translation>
    </message>
    <message>
        <source>Max per input channel over %1 tokens</source>
        <translation>%1 个词元上每个输入通道的最大值</translation>
    </message>
    <message>
        <source>input channel</source>
        <translation>输入通道</translation>
    </message>
</context>
<context>
    <name>ql::StatsPanel</name>
    <message>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Shape / type</source>
        <translation>形状 / 类型</translation>
    </message>
    <message>
        <source>Role / layer</source>
        <translation>角色 / 层</translation>
    </message>
    <message>
        <source>Finite values</source>
        <translation>有限值</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Standard deviation</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Excess kurtosis</source>
        <translation>超额峰度</translation>
    </message>
    <message>
        <source>max |x|</source>
        <translation>max |x|</translation>
    </message>
    <message>
        <source>max |x| / std</source>
        <translation>max |x| / 标准差</translation>
    </message>
    <message>
        <source>Zero fraction</source>
        <translation>零值比例</translation>
    </message>
    <message>
        <source>NaN / Inf</source>
        <translation>NaN / Inf</translation>
    </message>
    <message>
        <source>Percentiles</source>
        <translation>百分位数</translation>
    </message>
    <message>
        <source>Output channels</source>
        <translation>输出通道</translation>
    </message>
    <message>
        <source>%1 %2, %3</source>
        <translation>%1 %2，%3</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>%1 NaN, %2 Inf</source>
        <translation>%1 个 NaN，%2 个 Inf</translation>
    </message>
    <message>
        <source>p%1: %2</source>
        <translation>p%1：%2</translation>
    </message>
    <message>
        <source>%1 (axis %2); max |x| per channel from %3 to %4</source>
        <translation>%1（轴 %2）；各通道 max |x| 从 %3 到 %4</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
</context>
<context>
    <name>ql::SweepModel</name>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Not applicable: %1</source>
        <translation>不适用：%1</translation>
    </message>
    <message>
        <source>→%1 %2</source>
        <translation>→%1 %2</translation>
    </message>
    <message>
        <source>%1 with %2
relative MSE %3, SQNR %4 dB, cosine %5
%6 bits per weight</source>
        <translation>%1 使用 %2
相对 MSE %3，SQNR %4 dB，余弦 %5
每权重 %6 位</translation>
    </message>
    <message>
        <source>llama.cpp&apos;s fallback: rows of %1 values cannot hold %2 blocks, so llama-quantize writes %3</source>
        <translation>llama.cpp 的回退：%1 个值的行无法容纳 %2 块，因此 llama-quantize 写入 %3</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
</context>
<context>
    <name>ql::TableCopy</name>
    <message>
        <source>Copy as TSV</source>
        <translation>以 TSV 复制</translation>
    </message>
</context>
<context>
    <name>ql::TensorTreeModel</name>
    <message>
        <source>Optimizer state</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <source>Model-level tensors</source>
        <translation>模型级张量</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>%1
role: %2, layout: %3</source>
        <translation>%1
角色：%2，布局：%3</translation>
    </message>
    <message>
        <source>[in, out] (output channel last)</source>
        <translation>[in, out]（输出通道在最后）</translation>
    </message>
    <message>
        <source>[out, in] (output channel first)</source>
        <translation>[out, in]（输出通道在最前）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Kurtosis</source>
        <translation>峰度</translation>
    </message>
    <message>
        <source>max|x|/std</source>
        <translation>max|x|/标准差</translation>
    </message>
</context>
<context>
    <name>ql::TensorWorker</name>
    <message>
        <source>Not enough memory to read the tensor.</source>
        <translation>内存不足，无法读取该张量。</translation>
    </message>
</context>
<context>
    <name>ql::TextSourceWidget</name>
    <message>
        <source>SentencePiece (llama), %1 tokens</source>
        <translation>SentencePiece（llama），%1 个词元</translation>
    </message>
    <message>
        <source>byte-level BPE (gpt2, pre-tokenizer %1), %2 tokens, %3 merges</source>
        <translation>字节级 BPE（gpt2，预分词器 %1），%2 个词元，%3 条合并规则</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Sequences sampled from the model</source>
        <translation>从模型采样的序列</translation>
    </message>
    <message>
        <source>Text file</source>
        <translation>文本文件</translation>
    </message>
    <message>
        <source>Typed text</source>
        <translation>输入的文本</translation>
    </message>
    <message>
        <source>Language models are evaluated on text cut into chunks by their own tokenizer, as llama-perplexity does</source>
        <translation>语言模型在由其自身分词器切分成块的文本上评估，与 llama-perplexity 的做法相同</translation>
    </message>
    <message>
        <source>a UTF-8 text file, e.g. wikitext-2&apos;s wiki.test.raw</source>
        <translation>UTF-8 文本文件，例如 wikitext-2 的 wiki.test.raw</translation>
    </message>
    <message>
        <source>Type or paste the text to evaluate on</source>
        <translation>输入或粘贴用于评估的文本</translation>
    </message>
    <message>
        <source>Tokens per chunk (llama-perplexity&apos;s --ctx-size); the text needs at least twice as many</source>
        <translation>每块的词元数（llama-perplexity 的 --ctx-size）；文本至少需要其两倍的词元</translation>
    </message>
    <message>
        <source>The line whose tokens are shown</source>
        <translation>显示其词元的行</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Tokens per chunk</source>
        <translation>每块词元数</translation>
    </message>
    <message>
        <source>Show line</source>
        <translation>显示行</translation>
    </message>
    <message>
        <source>Building the model&apos;s tokenizer…</source>
        <translation>正在构建模型的分词器…</translation>
    </message>
    <message>
        <source>the typed text</source>
        <translation>输入的文本</translation>
    </message>
    <message>
        <source>Text to evaluate on</source>
        <translation>用于评估的文本</translation>
    </message>
    <message>
        <source>Text files (*.txt *.raw *.md);;All files (*)</source>
        <translation>文本文件 (*.txt *.raw *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Open a language model to evaluate it on text.</source>
        <translation>打开一个语言模型以在文本上评估它。</translation>
    </message>
    <message>
        <source>Sequences sampled from the model still work.</source>
        <translation>从模型采样的序列仍然可用。</translation>
    </message>
    <message>
        <source>Tokenizer: %1. The judge runs on 8 sequences of 64 tokens sampled from the full-precision model.</source>
        <translation>分词器：%1。评估在从全精度模型采样的 8 个 64 词元序列上运行。</translation>
    </message>
    <message>
        <source>Choose a text file.</source>
        <translation>请选择一个文本文件。</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Tokenizer: %1. The text is tokenized whole (BOS first) and cut into chunks of %2 tokens, each starting with BOS, as llama-perplexity does.</source>
        <translation>分词器：%1。整段文本一次分词（先加 BOS），再切成每块 %2 个词元，每块以 BOS 开头，与 llama-perplexity 相同。</translation>
    </message>
    <message>
        <source>Tokenizer: %1. The text is tokenized whole and cut into chunks of %2 tokens, as llama-perplexity does (this vocabulary adds no BOS).</source>
        <translation>分词器：%1。整段文本一次分词，再切成每块 %2 个词元，与 llama-perplexity 相同（此词表不添加 BOS）。</translation>
    </message>
</context>
<context>
    <name>ql::TokensModel</name>
    <message>
        <source>control</source>
        <translation>控制</translation>
    </message>
    <message>
        <source>user-defined</source>
        <translation>用户定义</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>byte</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>unused</source>
        <translation>未使用</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
</context>
<context>
    <name>ql::TokensView</name>
    <message>
        <source>No tokenizer: the tokens of a line show here once the model&apos;s tokenizer is built.</source>
        <translation>没有分词器：模型的分词器构建完成后，这里会显示一行的词元。</translation>
    </message>
    <message>
        <source> (the line&apos;s first %1 bytes)</source>
        <translation>（该行的前 %1 个字节）</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) in this line%1, without BOS</source>
        <translation>
            <numerusform>此行有 %n 个词元%1，不含 BOS</numerusform>
        </translation>
    </message>
</context>
</TS>
