<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Demo</name>
    <message>
        <source>The demo model is missing from this build (%1).</source>
        <translation>Das Demo-Modell fehlt in diesem Build (%1).</translation>
    </message>
    <message>
        <source>Cannot write the demo model to %1: %2</source>
        <translation>Das Demo-Modell kann nicht nach %1 geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>cannot open the file: %1</source>
        <translation>die Datei lässt sich nicht öffnen: %1</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>die Datei ist leer</translation>
    </message>
    <message>
        <source>this is not a safetensors, GGUF, HDF5, .npy or .npz file (its first bytes match none of them)</source>
        <translation>dies ist keine safetensors-, GGUF-, HDF5-, .npy- oder .npz-Datei (ihre ersten Bytes passen zu keinem dieser Formate)</translation>
    </message>
    <message>
        <source>the file is truncated while reading %1</source>
        <translation>die Datei endet vorzeitig beim Lesen von %1</translation>
    </message>
    <message>
        <source>the header length %1 runs past the end of the file (%2 bytes)</source>
        <translation>die Header-Länge %1 reicht über das Dateiende hinaus (%2 Bytes)</translation>
    </message>
    <message>
        <source>malformed JSON: %1</source>
        <translation>fehlerhaftes JSON: %1</translation>
    </message>
    <message>
        <source>malformed header: %1</source>
        <translation>fehlerhafter Header: %1</translation>
    </message>
    <message>
        <source>unknown data type &apos;%1&apos; for tensor &apos;%2&apos;</source>
        <translation>unbekannter Datentyp „%1“ für Tensor „%2“</translation>
    </message>
    <message>
        <source>the shape of tensor &apos;%1&apos; is too large (its size overflows)</source>
        <translation>die Form von Tensor „%1“ ist zu groß (seine Größe läuft über)</translation>
    </message>
    <message>
        <source>the data of tensor &apos;%1&apos; lies outside the file</source>
        <translation>die Daten von Tensor „%1“ liegen außerhalb der Datei</translation>
    </message>
    <message>
        <source>the data of tensors &apos;%1&apos; and &apos;%2&apos; overlap</source>
        <translation>die Daten der Tensoren „%1“ und „%2“ überlappen sich</translation>
    </message>
    <message>
        <source>tensor &apos;%1&apos; should hold %2 bytes but its data range holds %3</source>
        <translation>Tensor „%1“ sollte %2 Bytes enthalten, sein Datenbereich enthält aber %3</translation>
    </message>
    <message>
        <source>archive member &apos;%1&apos; is not a .npy array</source>
        <translation>Archiveintrag „%1“ ist kein .npy-Array</translation>
    </message>
    <message>
        <source>HDF5 error during %1 of &apos;%2&apos;</source>
        <translation>HDF5-Fehler bei %1 von „%2“</translation>
    </message>
    <message>
        <source>shard &apos;%1&apos; named in the index is missing</source>
        <translation>der im Index genannte Shard „%1“ fehlt</translation>
    </message>
    <message>
        <source>%1 exceeds the limit of %2</source>
        <translation>%1 überschreitet die Grenze von %2</translation>
    </message>
    <message>
        <source>no tensor named &apos;%1&apos;</source>
        <translation>kein Tensor mit dem Namen „%1“</translation>
    </message>
    <message>
        <source>invalid quantization spec &apos;%1&apos;: %2. %3</source>
        <translation>ungültige Quantisierungsangabe „%1“: %2. %3</translation>
    </message>
    <message>
        <source>not supported: %1</source>
        <translation>nicht unterstützt: %1</translation>
    </message>
    <message>
        <source>impossible: %1. %2</source>
        <translation>unmöglich: %1. %2</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>the header size in bytes</source>
        <translation>die Größe des Headers in Bytes</translation>
    </message>
    <message>
        <source>the number of tensors</source>
        <translation>die Anzahl der Tensoren</translation>
    </message>
    <message>
        <source>the number of axes</source>
        <translation>die Anzahl der Achsen</translation>
    </message>
    <message>
        <source>the nesting depth of the JSON</source>
        <translation>die Verschachtelungstiefe des JSON</translation>
    </message>
    <message>
        <source>the number of metadata values</source>
        <translation>die Anzahl der Metadatenwerte</translation>
    </message>
    <message>
        <source>the number of values</source>
        <translation>die Anzahl der Werte</translation>
    </message>
    <message>
        <source>the decoded size per stored byte</source>
        <translation>die dekodierte Größe je gespeichertem Byte</translation>
    </message>
    <message>
        <source>the memory needed in bytes</source>
        <translation>der benötigte Speicher in Bytes</translation>
    </message>
    <message>
        <source>the size of the attribute in bytes</source>
        <translation>die Größe des Attributs in Bytes</translation>
    </message>
    <message>
        <source>the number of attributes</source>
        <translation>die Anzahl der Attribute</translation>
    </message>
    <message>
        <source>%1 is %2, over the limit of %3</source>
        <translation>%1 beträgt %2 und überschreitet die Grenze von %3</translation>
    </message>
    <message>
        <source>%1 of &apos;%4&apos; is %2, over the limit of %3</source>
        <translation>%1 von „%4“ beträgt %2 und überschreitet die Grenze von %3</translation>
    </message>
    <message>
        <source>not enough memory to read the file</source>
        <translation>nicht genug Speicher, um die Datei zu lesen</translation>
    </message>
    <message>
        <source>unexpected failure while reading: %1</source>
        <translation>unerwarteter Fehler beim Lesen: %1</translation>
    </message>
    <message>
        <source>cannot build the model&apos;s tokenizer: it lacks %1</source>
        <translation>der Tokenizer des Modells lässt sich nicht bauen: es fehlt %1</translation>
    </message>
    <message>
        <source>cannot build the model&apos;s tokenizer: it lacks %1 (%2)</source>
        <translation>der Tokenizer des Modells lässt sich nicht bauen: es fehlt %1 (%2)</translation>
    </message>
    <message>
        <source>opening the file</source>
        <translation>Öffnen der Datei</translation>
    </message>
    <message>
        <source>listing its objects</source>
        <translation>Auflisten ihrer Objekte</translation>
    </message>
    <message>
        <source>opening dataset &apos;%1&apos;</source>
        <translation>Öffnen des Datensatzes „%1“</translation>
    </message>
    <message>
        <source>reading the type of dataset &apos;%1&apos;</source>
        <translation>Lesen des Typs von Datensatz „%1“</translation>
    </message>
    <message>
        <source>reading the shape of dataset &apos;%1&apos;</source>
        <translation>Lesen der Form von Datensatz „%1“</translation>
    </message>
    <message>
        <source>reading the storage of dataset &apos;%1&apos;</source>
        <translation>Lesen des Speichers von Datensatz „%1“</translation>
    </message>
    <message>
        <source>opening object &apos;%1&apos;</source>
        <translation>Öffnen des Objekts „%1“</translation>
    </message>
    <message>
        <source>counting the attributes of &apos;%1&apos;</source>
        <translation>Zählen der Attribute von „%1“</translation>
    </message>
    <message>
        <source>opening an attribute of &apos;%1&apos;</source>
        <translation>Öffnen eines Attributs von „%1“</translation>
    </message>
    <message>
        <source>reading attribute &apos;%1&apos;</source>
        <translation>Lesen des Attributs „%1“</translation>
    </message>
    <message>
        <source>reading dataset &apos;%1&apos;</source>
        <translation>Lesen des Datensatzes „%1“</translation>
    </message>
    <message>
        <source>receiving a request</source>
        <translation>Empfangen einer Anfrage</translation>
    </message>
    <message>
        <source>this HDF5 file is malformed: the HDF5 library failed %1 (its reader process ended with %2)</source>
        <translation>diese HDF5-Datei ist fehlerhaft: die HDF5-Bibliothek scheiterte beim %1 (ihr Leseprozess endete mit %2)</translation>
    </message>
    <message>
        <source>this HDF5 file is malformed: the HDF5 library was still %1 after %2 s and was stopped</source>
        <translation>diese HDF5-Datei ist fehlerhaft: die HDF5-Bibliothek war nach %2 s noch beim %1 und wurde angehalten</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <source>this architecture (no forward pass for it)</source>
        <translation>diese Architektur (kein Vorwärtsdurchlauf für sie)</translation>
    </message>
    <message>
        <source>the metadata key &apos;%1&apos;</source>
        <translation>der Metadatenschlüssel &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the config.json setting %1</source>
        <translation>die config.json-Einstellung %1</translation>
    </message>
    <message>
        <source>RoPE scaling &apos;%1&apos;</source>
        <translation>RoPE-Skalierung &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the tensor &apos;%1&apos;</source>
        <translation>der Tensor &apos;%1&apos;</translation>
    </message>
    <message>
        <source>rotary embedding of part of each head (%1)</source>
        <translation>Rotationseinbettung nur eines Teils jedes Kopfes (%1)</translation>
    </message>
    <message>
        <source>sliding-window attention (%1)</source>
        <translation>Attention mit gleitendem Fenster (%1)</translation>
    </message>
    <message>
        <source>hyper-parameters that differ by layer (%1)</source>
        <translation>je Schicht verschiedene Hyperparameter (%1)</translation>
    </message>
    <message>
        <source>this mixture of experts (%1)</source>
        <translation>diese Expertenmischung (%1)</translation>
    </message>
    <message>
        <source>the activation &apos;%1&apos;</source>
        <translation>die Aktivierung &apos;%1&apos;</translation>
    </message>
    <message>
        <source>keys and values of different head sizes (%1)</source>
        <translation>Schlüssel und Werte verschiedener Kopfgrößen (%1)</translation>
    </message>
    <message>
        <source>the judge cannot run this %1 model: it does not implement %2</source>
        <translation>der Prüfer kann dieses %1-Modell nicht ausführen: %2 ist nicht implementiert</translation>
    </message>
    <message>
        <source>Unexpected failure: %1</source>
        <translation>Unerwarteter Fehler: %1</translation>
    </message>
    <message>
        <source>Unexpected failure of an unknown kind.</source>
        <translation>Unerwarteter Fehler unbekannter Art.</translation>
    </message>
    <message>
        <source>rank %1 failed: %2</source>
        <translation>Rang %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>rank %1 failed on &apos;%2&apos;: %3</source>
        <translation>Rang %1 ist bei „%2“ fehlgeschlagen: %3</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 B</source>
        <translation>%1 Mrd.</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 Mio.</translation>
    </message>
    <message>
        <source>%1 k</source>
        <translation>%1 Tsd.</translation>
    </message>
</context>
<context>
    <name>ql::ActivationHeatmap</name>
    <message>
        <source>Activation magnitudes</source>
        <translation>Aktivierungsbeträge</translation>
    </message>
    <message>
        <source>small</source>
        <translation>klein</translation>
    </message>
    <message>
        <source>large (log scale)</source>
        <translation>groß (logarithmisch)</translation>
    </message>
    <message>
        <source>|x| ≥ %1</source>
        <translation>|x| ≥ %1</translation>
    </message>
    <message>
        <source>▼ outlier feature (LLM.int8() rule)</source>
        <translation>▼ Ausreißer-Merkmal (LLM.int8()-Regel)</translation>
    </message>
    <message>
        <source>Token %1, channel %2: |x| = %3</source>
        <translation>Token %1, Kanal %2: |x| = %3</translation>
    </message>
    <message>
        <source>No captured inputs for this tensor.</source>
        <translation>Keine erfassten Eingaben für diesen Tensor.</translation>
    </message>
    <message>
        <source>|x| of this layer&apos;s input: %1 tokens × %2 channels, max %3</source>
        <translation>|x| der Eingabe dieser Schicht: %1 Token × %2 Kanäle, Maximum %3</translation>
    </message>
    <message>
        <source>input channel (hidden dimension) · rows: tokens</source>
        <translation>Eingangskanal (verborgene Dimension) · Zeilen: Token</translation>
    </message>
</context>
<context>
    <name>ql::BitStrip</name>
    <message>
        <source>Click a bit to flip it</source>
        <translation>Ein Bit anklicken, um es umzuschalten</translation>
    </message>
</context>
<context>
    <name>ql::BitsView</name>
    <message>
        <source>Type a value, or click a value in the histogram</source>
        <translation>Einen Wert eingeben oder im Histogramm anklicken</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>&lt;b&gt;Format&lt;/b&gt;</source>
        <translation>&lt;b&gt;Format&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Bits&lt;/b&gt; (sign, exponent, mantissa)</source>
        <translation>&lt;b&gt;Bits&lt;/b&gt; (Vorzeichen, Exponent, Mantisse)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Stored value&lt;/b&gt;</source>
        <translation>&lt;b&gt;Gespeicherter Wert&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Neighbours&lt;/b&gt;</source>
        <translation>&lt;b&gt;Nachbarn&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nearest representable values: %1 … %2. Ticks: representable values; dot: the stored value; red line: the input.</source>
        <translation>Nächste darstellbare Werte: %1 … %2. Striche: darstellbare Werte; Punkt: der gespeicherte Wert; rote Linie: die Eingabe.</translation>
    </message>
    <message>
        <source> billion parameters</source>
        <translation> Milliarden Parameter</translation>
    </message>
    <message>
        <source>Size of</source>
        <translation>Größe von</translation>
    </message>
    <message>
        <source>%1B</source>
        <translation>%1 Mrd.</translation>
    </message>
    <message>
        <source>in</source>
        <translation>in</translation>
    </message>
    <message>
        <source>%1 (error %2)</source>
        <translation>%1 (Fehler %2)</translation>
    </message>
    <message>
        <source>= %1 (%2 bits per weight)</source>
        <translation>= %1 (%2 Bits pro Gewicht)</translation>
    </message>
    <message>
        <source>INT8, INT4 and NF4 map their codes onto ± this range; the block floats (MX, NVFP4) take it as their block&apos;s largest magnitude</source>
        <translation>INT8, INT4 und NF4 bilden ihre Codes auf ± diesen Bereich ab; die Block-Gleitkommaformate (MX, NVFP4) nehmen ihn als größten Betrag ihres Blocks</translation>
    </message>
    <message>
        <source>Range of INT8 / INT4 / NF4 and the blocks</source>
        <translation>Bereich von INT8 / INT4 / NF4 und der Blöcke</translation>
    </message>
</context>
<context>
    <name>ql::BlockMap</name>
    <message>
        <source>Block layout</source>
        <translation>Blockaufbau</translation>
    </message>
    <message>
        <source>Byte %1 (0x%2), bit %3</source>
        <translation>Byte %1 (0x%2), Bit %3</translation>
    </message>
    <message>
        <source>%1: the block scale d (FP16)</source>
        <translation>%1: die Blockskala d (FP16)</translation>
    </message>
    <message>
        <source>%1: the block minimum (FP16)</source>
        <translation>%1: das Blockminimum (FP16)</translation>
    </message>
    <message>
        <source>%1: 6-bit scale of sub-block %2</source>
        <translation>%1: 6-Bit-Skala von Unterblock %2</translation>
    </message>
    <message>
        <source>%1: 6-bit minimum of sub-block %2</source>
        <translation>%1: 6-Bit-Minimum von Unterblock %2</translation>
    </message>
    <message>
        <source>%1: code of value %2 (column %3), code %4</source>
        <translation>%1: Code von Wert %2 (Spalte %3), Code %4</translation>
    </message>
    <message>
        <source>byte %1</source>
        <translation>Byte %1</translation>
    </message>
    <message>
        <source>bits %1–%2 of byte %3</source>
        <translation>Bits %1–%2 von Byte %3</translation>
    </message>
    <message>
        <source>Value %1 is padding past the row&apos;s end (stored as 0): code %2 = %3, in %4.</source>
        <translation>Wert %1 ist Auffüllung hinter dem Zeilenende (als 0 gespeichert): Code %2 = %3, in %4.</translation>
    </message>
    <message>
        <source>Value %1 (column %2) = %3 → code %4 = %5, in %6.</source>
        <translation>Wert %1 (Spalte %2) = %3 → Code %4 = %5, in %6.</translation>
    </message>
    <message>
        <source>Dequantized: %1 = %2</source>
        <translation>Dequantisiert: %1 = %2</translation>
    </message>
    <message>
        <source>, error %1</source>
        <translation>, Fehler %1</translation>
    </message>
    <message>
        <source>  (sub-block %1: scale = d × %2, min = dmin × %3)</source>
        <translation>  (Unterblock %1: Skala = d × %2, Minimum = dmin × %3)</translation>
    </message>
    <message>
        <source>Select a tensor to see how a block of it is stored.</source>
        <translation>Wählen Sie einen Tensor, um zu sehen, wie ein Block davon gespeichert wird.</translation>
    </message>
    <message>
        <source>%1: block %2 of %3, %4 bytes for %5 values</source>
        <translation>%1: Block %2 von %3, %4 Bytes für %5 Werte</translation>
    </message>
    <message>
        <source>scale d (FP16)</source>
        <translation>Skala d (FP16)</translation>
    </message>
    <message>
        <source>dmin (FP16)</source>
        <translation>dmin (FP16)</translation>
    </message>
    <message>
        <source>minimum m (FP16)</source>
        <translation>Minimum m (FP16)</translation>
    </message>
    <message>
        <source>6-bit sub-scales</source>
        <translation>6-Bit-Unterskalen</translation>
    </message>
    <message>
        <source>6-bit sub-minimums</source>
        <translation>6-Bit-Unterminima</translation>
    </message>
    <message>
        <source>codes in low nibbles</source>
        <translation>Codes in unteren Nibbles</translation>
    </message>
    <message>
        <source>codes in high nibbles</source>
        <translation>Codes in oberen Nibbles</translation>
    </message>
    <message>
        <source>8-bit codes</source>
        <translation>8-Bit-Codes</translation>
    </message>
    <message>
        <source>selected value</source>
        <translation>ausgewählter Wert</translation>
    </message>
    <message>
        <source>%1: the block scale (E4M3)</source>
        <translation>%1: die Blockskala (E4M3)</translation>
    </message>
    <message>
        <source>%1: sub-block scales</source>
        <translation>%1: Skalen der Teilblöcke</translation>
    </message>
    <message>
        <source>%1: 4-bit scale of sub-block %2</source>
        <translation>%1: 4-Bit-Skala von Teilblock %2</translation>
    </message>
    <message>
        <source>%1: sign of value %2 (column %3)</source>
        <translation>%1: Vorzeichen von Wert %2 (Spalte %3)</translation>
    </message>
    <message>
        <source>%1: sign bits</source>
        <translation>%1: Vorzeichenbits</translation>
    </message>
    <message>
        <source>%1: index %2 of lattice point %3 (values %4–%5)</source>
        <translation>%1: Index %2 von Gitterpunkt %3 (Werte %4–%5)</translation>
    </message>
    <message>
        <source>its sign (%1) is implied: each group of eight has an even number of minus signs</source>
        <translation>sein Vorzeichen (%1) ergibt sich implizit: jede Achtergruppe hat eine gerade Zahl von Minuszeichen</translation>
    </message>
    <message>
        <source>its sign bit is bit %1 of byte %2 (%3)</source>
        <translation>sein Vorzeichenbit ist Bit %1 von Byte %2 (%3)</translation>
    </message>
    <message>
        <source>Value %1 (column %2) = %3 → lattice point %4, index %5 = %6 in byte %7, position %8 of 4: level %9; %10.</source>
        <translation>Wert %1 (Spalte %2) = %3 → Gitterpunkt %4, Index %5 = %6 in Byte %7, Position %8 von 4: Stufe %9; %10.</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>Auffüllung</translation>
    </message>
    <message>
        <source>Dequantized: %1 × %2 = %3 (sub-block %4: scale = d × (0.5 + %5) / 2)</source>
        <translation>Dequantisiert: %1 × %2 = %3 (Teilblock %4: Skala = d × (0,5 + %5) / 2)</translation>
    </message>
    <message>
        <source>E2M1 value</source>
        <translation>E2M1-Wert</translation>
    </message>
    <message>
        <source>table entry</source>
        <translation>Tabelleneintrag</translation>
    </message>
    <message>
        <source>Value %1 (column %2) = %3 → code %4 = %5, in %6: %7 %8.</source>
        <translation>Wert %1 (Spalte %2) = %3 → Code %4 = %5, in %6: %7 %8.</translation>
    </message>
    <message>
        <source>Dequantized: %1 × %2 = %3</source>
        <translation>Dequantisiert: %1 × %2 = %3</translation>
    </message>
    <message>
        <source>  (sub-block %1: scale = d × (%2 − 32))</source>
        <translation>  (Teilblock %1: Skala = d × (%2 − 32))</translation>
    </message>
    <message>
        <source>  (scale = E4M3 %1 × tensor scale %2)</source>
        <translation>  (Skala = E4M3 %1 × Tensorskala %2)</translation>
    </message>
    <message>
        <source>block scale (E4M3)</source>
        <translation>Blockskala (E4M3)</translation>
    </message>
    <message>
        <source>lattice-point indices</source>
        <translation>Gitterpunkt-Indizes</translation>
    </message>
    <message>
        <source>sign bits</source>
        <translation>Vorzeichenbits</translation>
    </message>
    <message>
        <source>4-bit sub-scales</source>
        <translation>4-Bit-Teilskalen</translation>
    </message>
</context>
<context>
    <name>ql::CaptureDialog</name>
    <message>
        <source>Capture Activations</source>
        <translation>Aktivierungen erfassen</translation>
    </message>
    <message>
        <source>The model runs over this text and every linear layer&apos;s input is recorded (XᵀX, mean squares, absmax and up to 256 rows per layer).</source>
        <translation>Das Modell läuft über diesen Text, und die Eingabe jeder linearen Schicht wird erfasst (XᵀX, mittlere Quadrate, absmax und bis zu 256 Zeilen je Schicht).</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>Erfassen</translation>
    </message>
</context>
<context>
    <name>ql::ChannelsPlot</name>
    <message>
        <source>Min, quartiles and max of every output channel; red channels have an outlier range (1.5 × IQR rule). Right-click to save or copy.</source>
        <translation>Minimum, Quartile und Maximum jedes Ausgangskanals; rote Kanäle haben einen Ausreißer-Bereich (1,5 × IQR-Regel). Rechtsklick zum Speichern oder Kopieren.</translation>
    </message>
    <message>
        <source>Per-channel ranges</source>
        <translation>Bereiche pro Kanal</translation>
    </message>
    <message>
        <source>output channel</source>
        <translation>Ausgangskanal</translation>
    </message>
    <message numerus="yes">
        <source>%n channel(s), %1 with an outlier range</source>
        <translation>
            <numerusform>%n Kanal, %1 mit Ausreißer-Bereich</numerusform>
            <numerusform>%n Kanäle, %1 mit Ausreißer-Bereich</numerusform>
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
        <translation>Bits pro Wert für den Fehlervergleich</translation>
    </message>
    <message>
        <source>Values per group along the input dimension for the per-group error</source>
        <translation>Werte pro Gruppe entlang der Eingangsdimension für den Fehler pro Gruppe</translation>
    </message>
    <message>
        <source>&amp;Bits:</source>
        <translation>&amp;Bits:</translation>
    </message>
    <message>
        <source>&amp;Group size:</source>
        <translation>&amp;Gruppengröße:</translation>
    </message>
    <message>
        <source>Select a tensor to see the range of each output channel.</source>
        <translation>Wählen Sie einen Tensor, um den Bereich jedes Ausgangskanals zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>Channel ranges are computed for tensors of up to %1 values; this one has %2.</source>
        <translation>Kanalbereiche werden für Tensoren mit bis zu %1 Werten berechnet; dieser hat %2.</translation>
    </message>
    <message>
        <source>Computing channel ranges…</source>
        <translation>Kanalbereiche werden berechnet…</translation>
    </message>
    <message>
        <source>Relative MSE of INT%1:
per tensor %2
per channel %3
per group of %4: %5

Outlier channels (1.5 × IQR of the ranges): %6</source>
        <translation>Relativer MSE von INT%1:
pro Tensor %2
pro Kanal %3
pro Gruppe von %4: %5

Ausreißer-Kanäle (1,5 × IQR der Bereiche): %6</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
</context>
<context>
    <name>ql::ChartExport</name>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Save Chart</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>Als PNG speichern…</translation>
    </message>
    <message>
        <source>Save as SVG…</source>
        <translation>Als SVG speichern…</translation>
    </message>
    <message>
        <source>Copy Data as CSV</source>
        <translation>Daten als CSV kopieren</translation>
    </message>
</context>
<context>
    <name>ql::ChartWidget</name>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Save Chart</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>Als PNG speichern…</translation>
    </message>
    <message>
        <source>Save as SVG…</source>
        <translation>Als SVG speichern…</translation>
    </message>
    <message>
        <source>Copy Data as CSV</source>
        <translation>Daten als CSV kopieren</translation>
    </message>
</context>
<context>
    <name>ql::DepthPlot</name>
    <message>
        <source>One bar per weight tensor, in file order; red bars lie beyond the 1.5 × IQR fence of all bars. Right-click to save or copy.</source>
        <translation>Ein Balken pro Gewichtstensor in Dateireihenfolge; rote Balken liegen jenseits der 1,5 × IQR-Grenze aller Balken. Rechtsklick zum Speichern oder Kopieren.</translation>
    </message>
    <message>
        <source>Outlier measures over depth</source>
        <translation>Ausreißermaße über die Tiefe</translation>
    </message>
    <message>
        <source>excess kurtosis per weight tensor (0 = normal)</source>
        <translation>Exzess-Kurtosis pro Gewichtstensor (0 = normalverteilt)</translation>
    </message>
    <message>
        <source>max|x| / std per weight tensor</source>
        <translation>max|x| / Std. pro Gewichtstensor</translation>
    </message>
</context>
<context>
    <name>ql::GridPlot</name>
    <message>
        <source>The tensor&apos;s histogram, the grid&apos;s levels and where the values land after quantization. Right-click to save or copy.</source>
        <translation>Das Histogramm des Tensors, die Stufen des Gitters und wohin die Werte nach der Quantisierung fallen. Rechtsklick zum Speichern oder Kopieren.</translation>
    </message>
    <message>
        <source>min-max</source>
        <translation>Min-Max</translation>
    </message>
    <message>
        <source>percentile</source>
        <translation>Perzentil</translation>
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
        <translation>Verteilung mit dem Quantisierungsgitter</translation>
    </message>
    <message>
        <source>original</source>
        <translation>original</translation>
    </message>
    <message>
        <source>dequantized</source>
        <translation>dequantisiert</translation>
    </message>
    <message>
        <source>clipped</source>
        <translation>abgeschnitten</translation>
    </message>
    <message>
        <source>| levels</source>
        <translation>| Stufen</translation>
    </message>
    <message>
        <source>%1: rel. MSE %2</source>
        <translation>%1: rel. MSE %2</translation>
    </message>
</context>
<context>
    <name>ql::GridView</name>
    <message>
        <source>Symmetric</source>
        <translation>Symmetrisch</translation>
    </message>
    <message>
        <source>INT</source>
        <translation>INT</translation>
    </message>
    <message>
        <source>Bits per value: 2^bits levels</source>
        <translation>Bits pro Wert: 2^Bits Stufen</translation>
    </message>
    <message>
        <source>Symmetric: ±max|x| with zero-point 0; asymmetric: [min, max] with a zero-point</source>
        <translation>Symmetrisch: ±max|x| mit Nullpunkt 0; asymmetrisch: [min, max] mit Nullpunkt</translation>
    </message>
    <message>
        <source>The calibration method whose grid is drawn</source>
        <translation>Die Kalibrierungsmethode, deren Gitter gezeichnet wird</translation>
    </message>
    <message>
        <source>Percentile of |x| the percentile method clips at</source>
        <translation>Perzentil von |x|, bei dem die Perzentil-Methode begrenzt</translation>
    </message>
    <message>
        <source>&amp;Bits:</source>
        <translation>&amp;Bits:</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <source>&amp;Percentile:</source>
        <translation>&amp;Perzentil:</translation>
    </message>
    <message>
        <source>Select a tensor to see its values against a quantization grid.</source>
        <translation>Wählen Sie einen Tensor, um seine Werte vor einem Quantisierungsgitter zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 values in [%3, %4]</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 Werte in [%3, %4]</translation>
    </message>
    <message>
        <source>The calibration methods are compared on tensors of up to %1 values; this one has %2.</source>
        <translation>Die Kalibrierungsmethoden werden für Tensoren mit bis zu %1 Werten verglichen; dieser hat %2.</translation>
    </message>
    <message>
        <source>Running the calibration methods…</source>
        <translation>Kalibrierungsmethoden laufen…</translation>
    </message>
    <message>
        <source>Grid of %1: scale %2, levels %3 … %4, exact relative MSE %5</source>
        <translation>Gitter von %1: Skala %2, Stufen %3 … %4, exakter relativer MSE %5</translation>
    </message>
</context>
<context>
    <name>ql::HistogramView</name>
    <message>
        <source>Log counts</source>
        <translation>Logarithmische Anzahl</translation>
    </message>
    <message>
        <source>Select a tensor to see its distribution.</source>
        <translation>Wählen Sie einen Tensor, um seine Verteilung zu sehen.</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>Werte</translation>
    </message>
    <message>
        <source>log10 |x|</source>
        <translation>log10 |x|</translation>
    </message>
    <message>
        <source>Bin the values themselves, or the decimal logarithm of their magnitudes</source>
        <translation>Die Werte selbst einteilen oder den dekadischen Logarithmus ihrer Beträge</translation>
    </message>
    <message>
        <source>Logarithmic count axis: shows the sparse tails</source>
        <translation>Logarithmische Achse der Anzahl: zeigt die dünn besetzten Ränder</translation>
    </message>
    <message>
        <source>count per log10|x| bin</source>
        <translation>Anzahl je log10|x|-Klasse</translation>
    </message>
    <message>
        <source>count per bin</source>
        <translation>Anzahl je Klasse</translation>
    </message>
    <message>
        <source>log10 |value|</source>
        <translation>log10 |Wert|</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
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
        <translation>Nicht genug Speicher für %1.</translation>
    </message>
</context>
<context>
    <name>ql::LearnPanel</name>
    <message>
        <source>The affine map and the sawtooth</source>
        <translation>Die affine Abbildung und der Sägezahn</translation>
    </message>
    <message>
        <source>&lt;p&gt;Quantizing maps each real value &lt;i&gt;x&lt;/i&gt; to an integer code &lt;i&gt;q&lt;/i&gt; = round(&lt;i&gt;x&lt;/i&gt; / &lt;i&gt;s&lt;/i&gt;) + &lt;i&gt;z&lt;/i&gt; and back to &lt;i&gt;x̂&lt;/i&gt; = &lt;i&gt;s&lt;/i&gt; · (&lt;i&gt;q&lt;/i&gt; − &lt;i&gt;z&lt;/i&gt;). The step &lt;i&gt;s&lt;/i&gt; is the &lt;b&gt;scale&lt;/b&gt;, &lt;i&gt;z&lt;/i&gt; the &lt;b&gt;zero-point&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Rounding moves &lt;i&gt;x&lt;/i&gt; to the nearest level, so the error &lt;i&gt;x̂&lt;/i&gt; − &lt;i&gt;x&lt;/i&gt; is a &lt;b&gt;sawtooth&lt;/b&gt;: it falls as &lt;i&gt;x&lt;/i&gt; grows and jumps back by &lt;i&gt;s&lt;/i&gt; at every midpoint between two levels, never more than &lt;i&gt;s&lt;/i&gt;/2 in size.&lt;/p&gt;&lt;p&gt;The chart shows that sawtooth for INT3 over stories260K&apos;s &lt;tt&gt;blk.3.attn_q.weight&lt;/tt&gt;, with the weights&apos; own density underneath. Raise &lt;b&gt;Bits&lt;/b&gt; to 4, 5, 6: every extra bit halves &lt;i&gt;s&lt;/i&gt;, the teeth shrink, and the SQNR read-out rises by about 6 dB.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Quantisieren bildet jeden reellen Wert &lt;i&gt;x&lt;/i&gt; auf einen ganzzahligen Code &lt;i&gt;q&lt;/i&gt; = round(&lt;i&gt;x&lt;/i&gt; / &lt;i&gt;s&lt;/i&gt;) + &lt;i&gt;z&lt;/i&gt; ab und zurück auf &lt;i&gt;x̂&lt;/i&gt; = &lt;i&gt;s&lt;/i&gt; · (&lt;i&gt;q&lt;/i&gt; − &lt;i&gt;z&lt;/i&gt;). Die Schrittweite &lt;i&gt;s&lt;/i&gt; ist die &lt;b&gt;Skala&lt;/b&gt;, &lt;i&gt;z&lt;/i&gt; der &lt;b&gt;Nullpunkt&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;Runden schiebt &lt;i&gt;x&lt;/i&gt; auf die nächste Stufe, daher ist der Fehler &lt;i&gt;x̂&lt;/i&gt; − &lt;i&gt;x&lt;/i&gt; ein &lt;b&gt;Sägezahn&lt;/b&gt;: Er fällt, während &lt;i&gt;x&lt;/i&gt; wächst, und springt an jeder Mitte zwischen zwei Stufen um &lt;i&gt;s&lt;/i&gt; zurück, nie größer als &lt;i&gt;s&lt;/i&gt;/2.&lt;/p&gt;&lt;p&gt;Das Diagramm zeigt diesen Sägezahn für INT3 über &lt;tt&gt;blk.3.attn_q.weight&lt;/tt&gt; von stories260K, darunter die Dichte der Gewichte selbst. Erhöhen Sie &lt;b&gt;Bits&lt;/b&gt; auf 4, 5, 6: Jedes weitere Bit halbiert &lt;i&gt;s&lt;/i&gt;, die Zähne schrumpfen, und der angezeigte SQNR steigt um etwa 6 dB.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Scale and zero-point</source>
        <translation>Skala und Nullpunkt</translation>
    </message>
    <message>
        <source>&lt;p&gt;The scale sets how far apart the levels are: &lt;i&gt;s&lt;/i&gt; = range / (levels − 1). Spreading the levels over the full range spends resolution on the few values at the edges.&lt;/p&gt;&lt;p&gt;Drag &lt;b&gt;Clip&lt;/b&gt; down to about 70 %: the levels move closer, the teeth shrink where most weights are, and the values beyond the clip (shaded) saturate to the outermost level with a large error. The relative MSE read-out shows the trade: it falls at first, then rises once too much is clipped.&lt;/p&gt;&lt;p&gt;This grid is asymmetric: the zero-point &lt;i&gt;z&lt;/i&gt; shifts the levels so that 0.0 falls exactly on one of them (zeros from padding or ReLU stay exact). Type another zero-point to see the grid slide off zero.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Die Skala legt den Abstand der Stufen fest: &lt;i&gt;s&lt;/i&gt; = Bereich / (Stufen − 1). Verteilt man die Stufen über den ganzen Bereich, geht Auflösung an die wenigen Werte an den Rändern.&lt;/p&gt;&lt;p&gt;Ziehen Sie &lt;b&gt;Begrenzung&lt;/b&gt; auf etwa 70 %: Die Stufen rücken zusammen, die Zähne schrumpfen dort, wo die meisten Gewichte liegen, und die Werte jenseits der Grenze (schattiert) sättigen auf die äußerste Stufe, mit großem Fehler. Der angezeigte relative MSE zeigt den Tausch: Er fällt zuerst und steigt wieder, sobald zu viel abgeschnitten wird.&lt;/p&gt;&lt;p&gt;Dieses Gitter ist asymmetrisch: Der Nullpunkt &lt;i&gt;z&lt;/i&gt; verschiebt die Stufen so, dass 0,0 genau auf einer von ihnen liegt (Nullen aus Padding oder ReLU bleiben exakt). Geben Sie einen anderen Nullpunkt ein, und das Gitter rutscht von der Null weg.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Symmetric vs asymmetric</source>
        <translation>Symmetrisch oder asymmetrisch</translation>
    </message>
    <message>
        <source>&lt;p&gt;A &lt;b&gt;symmetric&lt;/b&gt; grid is centred on zero: &lt;i&gt;z&lt;/i&gt; = 0 and &lt;i&gt;s&lt;/i&gt; = max|&lt;i&gt;x&lt;/i&gt;| / (2&lt;sup&gt;&lt;i&gt;b&lt;/i&gt;−1&lt;/sup&gt; − 1). It is cheap (no zero-point to store or add) and right for weights spread evenly around zero.&lt;/p&gt;&lt;p&gt;This tensor, &lt;tt&gt;blk.0.ffn_norm.weight&lt;/tt&gt; (RMSNorm gains), holds only values between 0.36 and 0.74. A symmetric INT4 grid spends half its 16 levels on negative numbers nobody uses.&lt;/p&gt;&lt;p&gt;Untick &lt;b&gt;Symmetric&lt;/b&gt;: the &lt;b&gt;asymmetric&lt;/b&gt; grid puts all 16 levels on [0, max], twice as fine, and the error drops about fivefold. The range still includes 0 so that zero stays exact, which leaves the levels below 0.36 unused; llama.cpp&apos;s Q4_1 and Q4_K store a minimum instead of a zero-point and avoid even that. Activations after ReLU or softmax are one-sided too, which is why they are usually quantized asymmetrically.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Ein &lt;b&gt;symmetrisches&lt;/b&gt; Gitter ist um null zentriert: &lt;i&gt;z&lt;/i&gt; = 0 und &lt;i&gt;s&lt;/i&gt; = max|&lt;i&gt;x&lt;/i&gt;| / (2&lt;sup&gt;&lt;i&gt;b&lt;/i&gt;−1&lt;/sup&gt; − 1). Es ist billig (kein Nullpunkt zu speichern oder zu addieren) und passt zu Gewichten, die gleichmäßig um null liegen.&lt;/p&gt;&lt;p&gt;Dieser Tensor, &lt;tt&gt;blk.0.ffn_norm.weight&lt;/tt&gt; (RMSNorm-Verstärkungen), enthält nur Werte zwischen 0,36 und 0,74. Ein symmetrisches INT4-Gitter verschwendet die Hälfte seiner 16 Stufen auf negative Zahlen, die niemand braucht.&lt;/p&gt;&lt;p&gt;Entfernen Sie das Häkchen bei &lt;b&gt;Symmetrisch&lt;/b&gt;: Das &lt;b&gt;asymmetrische&lt;/b&gt; Gitter legt alle 16 Stufen auf [0, max], doppelt so fein, und der Fehler sinkt etwa auf ein Fünftel. Der Bereich enthält weiterhin 0, damit null exakt bleibt, daher bleiben die Stufen unter 0,36 ungenutzt; Q4_1 und Q4_K von llama.cpp speichern statt eines Nullpunkts ein Minimum und vermeiden selbst das. Aktivierungen nach ReLU oder Softmax sind ebenfalls einseitig, deshalb werden sie meist asymmetrisch quantisiert.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Per-tensor, per-channel, per-group</source>
        <translation>Pro Tensor, pro Kanal, pro Gruppe</translation>
    </message>
    <message>
        <source>&lt;p&gt;One scale for a whole tensor must cover its widest output channel, so narrow channels get only a few levels. &lt;b&gt;Per-channel&lt;/b&gt; quantization gives every output channel (a row of the weight) its own scale; &lt;b&gt;per-group&lt;/b&gt; goes further, with one scale per group of &lt;i&gt;g&lt;/i&gt; consecutive inputs (32 to 128 in GPTQ and llama.cpp).&lt;/p&gt;&lt;p&gt;Each box is one output channel of &lt;tt&gt;blk.1.ffn_gate.weight&lt;/tt&gt;: red ones have an unusually wide range. The read-out compares the relative MSE of INT4 per tensor, per channel and per group of 32. Each finer granularity costs a little storage (an FP16 scale per group adds 16/&lt;i&gt;g&lt;/i&gt; bits per weight) and buys accuracy.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Eine Skala für den ganzen Tensor muss seinen breitesten Ausgabekanal abdecken, daher bekommen schmale Kanäle nur wenige Stufen. Quantisierung &lt;b&gt;pro Kanal&lt;/b&gt; gibt jedem Ausgabekanal (einer Zeile des Gewichts) eine eigene Skala; &lt;b&gt;pro Gruppe&lt;/b&gt; geht weiter, mit einer Skala je Gruppe von &lt;i&gt;g&lt;/i&gt; aufeinanderfolgenden Eingängen (32 bis 128 bei GPTQ und llama.cpp).&lt;/p&gt;&lt;p&gt;Jeder Kasten ist ein Ausgabekanal von &lt;tt&gt;blk.1.ffn_gate.weight&lt;/tt&gt;: Rote haben einen ungewöhnlich breiten Bereich. Die Anzeige vergleicht den relativen MSE von INT4 pro Tensor, pro Kanal und pro Gruppe von 32. Jede feinere Granularität kostet etwas Speicher (eine FP16-Skala je Gruppe kostet 16/&lt;i&gt;g&lt;/i&gt; Bit pro Gewicht) und bringt Genauigkeit.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation>Ausreißer</translation>
    </message>
    <message>
        <source>&lt;p&gt;A few large values stretch the range, and with it the scale of every value that shares it. &lt;b&gt;Kurtosis&lt;/b&gt; measures how heavy the tails are (0 for a normal distribution); &lt;b&gt;max|x| / std&lt;/b&gt; says how many standard deviations out the largest value lies.&lt;/p&gt;&lt;p&gt;The table lists this tensor&apos;s largest values with their channels and z-scores; the bars show every weight tensor over depth, red ones beyond the model&apos;s own 1.5 × IQR fence.&lt;/p&gt;&lt;p&gt;In large language models a handful of hidden dimensions carry activations 10 to 100 times larger than the rest (LLM.int8(), SmoothQuant): this is why per-channel scales, clipping and methods such as AWQ matter.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wenige große Werte dehnen den Bereich und damit die Skala aller Werte, die sie teilen. Die &lt;b&gt;Kurtosis&lt;/b&gt; misst, wie schwer die Ränder sind (0 für eine Normalverteilung); &lt;b&gt;max|x| / std&lt;/b&gt; sagt, wie viele Standardabweichungen der größte Wert entfernt liegt.&lt;/p&gt;&lt;p&gt;Die Tabelle listet die größten Werte dieses Tensors mit Kanal und z-Wert; die Balken zeigen jeden Gewichtstensor über die Tiefe, rote jenseits der 1,5 × IQR-Grenze des Modells selbst.&lt;/p&gt;&lt;p&gt;In großen Sprachmodellen tragen eine Handvoll verborgener Dimensionen Aktivierungen, die 10- bis 100-mal größer sind als der Rest (LLM.int8(), SmoothQuant): Deshalb kommt es auf Skalen pro Kanal, Begrenzung und Verfahren wie AWQ an.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <source>&lt;p&gt;Calibration chooses the range a scale covers. &lt;b&gt;Min-max&lt;/b&gt; covers every value but wastes levels on outliers; a &lt;b&gt;percentile&lt;/b&gt; (here 99.9 %) ignores the extreme tail; &lt;b&gt;MSE&lt;/b&gt; searches the clip that minimises the squared error; &lt;b&gt;KL&lt;/b&gt; (TensorRT&apos;s entropy method) keeps the quantized histogram closest to the original one.&lt;/p&gt;&lt;p&gt;The chart draws the INT3 levels over &lt;tt&gt;blk.3.attn_q.weight&lt;/tt&gt;&apos;s histogram, with the range each method picks and the error it gives. Choose the methods in turn and watch the grid move.&lt;/p&gt;&lt;p&gt;For weights, MSE usually wins; for activations, where the next batch is not the calibration batch, a percentile or KL is the safer choice.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Die Kalibrierung wählt den Bereich, den eine Skala abdeckt. &lt;b&gt;Min-Max&lt;/b&gt; deckt jeden Wert ab, verschwendet aber Stufen auf Ausreißer; ein &lt;b&gt;Perzentil&lt;/b&gt; (hier 99,9 %) ignoriert den äußersten Rand; &lt;b&gt;MSE&lt;/b&gt; sucht die Begrenzung mit dem kleinsten quadratischen Fehler; &lt;b&gt;KL&lt;/b&gt; (die Entropiemethode von TensorRT) hält das quantisierte Histogramm dem ursprünglichen am nächsten.&lt;/p&gt;&lt;p&gt;Das Diagramm zeichnet die INT3-Stufen über das Histogramm von &lt;tt&gt;blk.3.attn_q.weight&lt;/tt&gt;, mit dem Bereich, den jede Methode wählt, und dem Fehler, den sie ergibt. Wählen Sie die Methoden nacheinander und sehen Sie, wie sich das Gitter bewegt.&lt;/p&gt;&lt;p&gt;Für Gewichte gewinnt meist MSE; für Aktivierungen, bei denen der nächste Batch nicht der Kalibrierbatch ist, ist ein Perzentil oder KL die sicherere Wahl.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The format ladder</source>
        <translation>Die Formatleiter</translation>
    </message>
    <message>
        <source>&lt;p&gt;Floats spend their bits on sign, exponent and mantissa. &lt;b&gt;BF16&lt;/b&gt; keeps FP32&apos;s 8-bit exponent (the same range) with 7 mantissa bits; &lt;b&gt;FP16&lt;/b&gt; has 5 exponent and 10 mantissa bits; &lt;b&gt;FP8 E4M3&lt;/b&gt; (largest value 448) and &lt;b&gt;E5M2&lt;/b&gt; trade precision for range; &lt;b&gt;FP4 E2M1&lt;/b&gt; has just eight magnitudes: 0, 0.5, 1, 1.5, 2, 3, 4, 6. INT8, INT4 and NF4 use a scale instead.&lt;/p&gt;&lt;p&gt;Each row shows how one value, here 0.1, is stored and the nearest values the format can hold. Click a bit to flip it, or type another value. The size calculator shows what each format means for a 7B or 70B model.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Gleitkommazahlen teilen ihre Bits auf Vorzeichen, Exponent und Mantisse auf. &lt;b&gt;BF16&lt;/b&gt; behält den 8-Bit-Exponenten von FP32 (denselben Bereich) mit 7 Mantissenbits; &lt;b&gt;FP16&lt;/b&gt; hat 5 Exponenten- und 10 Mantissenbits; &lt;b&gt;FP8 E4M3&lt;/b&gt; (größter Wert 448) und &lt;b&gt;E5M2&lt;/b&gt; tauschen Genauigkeit gegen Bereich; &lt;b&gt;FP4 E2M1&lt;/b&gt; hat nur acht Beträge: 0, 0,5, 1, 1,5, 2, 3, 4, 6. INT8, INT4 und NF4 verwenden stattdessen eine Skala.&lt;/p&gt;&lt;p&gt;Jede Zeile zeigt, wie ein Wert, hier 0,1, gespeichert wird, und die nächsten Werte, die das Format darstellen kann. Klicken Sie ein Bit an, um es umzuschalten, oder geben Sie einen anderen Wert ein. Der Größenrechner zeigt, was jedes Format für ein 7B- oder 70B-Modell bedeutet.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Mixed precision</source>
        <translation>Gemischte Genauigkeit</translation>
    </message>
    <message>
        <source>&lt;p&gt;Layers are not equally sensitive. The &lt;b&gt;sweep&lt;/b&gt; quantizes every tensor at every candidate format and measures its error; the &lt;b&gt;planner&lt;/b&gt; then picks one format per tensor that minimises the total error under a size budget, a knapsack problem it solves exactly.&lt;/p&gt;&lt;p&gt;The sweep has run for you. Drag the budget: sensitive tensors keep more bits while robust ones drop to 4 or 3. &lt;b&gt;Evaluate plan&lt;/b&gt; runs the model itself to check that the predicted error holds, and &lt;b&gt;Export…&lt;/b&gt; writes the plan for llama.cpp, GPTQModel, llm-compressor or ModelOpt.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Nicht alle Schichten sind gleich empfindlich. Der &lt;b&gt;Durchlauf&lt;/b&gt; quantisiert jeden Tensor in jedem Kandidatenformat und misst seinen Fehler; der &lt;b&gt;Planer&lt;/b&gt; wählt dann je Tensor ein Format, das den Gesamtfehler unter einem Größenbudget minimiert, ein Rucksackproblem, das er exakt löst.&lt;/p&gt;&lt;p&gt;Der Durchlauf ist bereits gelaufen. Ziehen Sie das Budget: Empfindliche Tensoren behalten mehr Bits, robuste fallen auf 4 oder 3. &lt;b&gt;Plan auswerten&lt;/b&gt; lässt das Modell selbst laufen, um zu prüfen, ob der vorhergesagte Fehler stimmt, und &lt;b&gt;Exportieren…&lt;/b&gt; schreibt den Plan für llama.cpp, GPTQModel, llm-compressor oder ModelOpt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>◀ &amp;Previous</source>
        <translation>◀ &amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Next ▶</source>
        <translation>&amp;Weiter ▶</translation>
    </message>
    <message>
        <source>&amp;Reset view</source>
        <translation>&amp;Ansicht zurücksetzen</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Choose a lesson: its tensor and view open beside the text</source>
        <translation>Wählen Sie eine Lektion: Ihr Tensor und ihre Ansicht öffnen sich neben dem Text</translation>
    </message>
    <message>
        <source>The previous lesson</source>
        <translation>Die vorige Lektion</translation>
    </message>
    <message>
        <source>The next lesson</source>
        <translation>Die nächste Lektion</translation>
    </message>
    <message>
        <source>Open this lesson&apos;s tensor and view again, with the lesson&apos;s settings</source>
        <translation>Tensor und Ansicht dieser Lektion mit ihren Einstellungen erneut öffnen</translation>
    </message>
</context>
<context>
    <name>ql::MainWindow</name>
    <message>
        <source>Learn</source>
        <translation>Lernen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>QuantLens</source>
        <translation>QuantLens</translation>
    </message>
    <message>
        <source>Filter tensors by name</source>
        <translation>Tensoren nach Namen filtern</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Gitter</translation>
    </message>
    <message>
        <source>Sawtooth</source>
        <translation>Sägezahn</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Outliers</source>
        <translation>Ausreißer</translation>
    </message>
    <message>
        <source>Packing</source>
        <translation>Packung</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>Verfahren</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>Bits</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Sweep finished.</source>
        <translation>Durchlauf abgeschlossen.</translation>
    </message>
    <message>
        <source>Evaluation finished.</source>
        <translation>Auswertung abgeschlossen.</translation>
    </message>
    <message>
        <source>Open a model file: safetensors, GGUF, HDF5 / Keras .h5, .npy or .npz.</source>
        <translation>Öffnen Sie eine Modelldatei: safetensors, GGUF, HDF5 / Keras .h5, .npy oder .npz.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>Model files (*.safetensors *.gguf *.h5 *.hdf5 *.keras *.npy *.npz *.json);;All files (*)</source>
        <translation>Modelldateien (*.safetensors *.gguf *.h5 *.hdf5 *.keras *.npy *.npz *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen…</translation>
    </message>
    <message>
        <source>Open sharded checkpoint folder</source>
        <translation>Ordner eines aufgeteilten Checkpoints öffnen</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open &amp;Calibration Activations…</source>
        <translation>&amp;Kalibrier-Aktivierungen öffnen…</translation>
    </message>
    <message>
        <source>Open calibration activations</source>
        <translation>Kalibrier-Aktivierungen öffnen</translation>
    </message>
    <message>
        <source>Calibration data (*.h5 *.hdf5 *.npz *.gguf *.dat);;All files (*)</source>
        <translation>Kalibrierdaten (*.h5 *.hdf5 *.npz *.gguf *.dat);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <source>Inputs of %n layer(s) captured.</source>
        <translation>
            <numerusform>Eingaben von %n Schicht erfasst.</numerusform>
            <numerusform>Eingaben von %n Schichten erfasst.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open &amp;Demo Model</source>
        <translation>&amp;Demo-Modell öffnen</translation>
    </message>
    <message>
        <source>Digits classifier (MLP, safetensors)</source>
        <translation>Ziffern-Klassifikator (MLP, safetensors)</translation>
    </message>
    <message>
        <source>Digits classifier (CNN, safetensors)</source>
        <translation>Ziffern-Klassifikator (CNN, safetensors)</translation>
    </message>
    <message>
        <source>stories260K (Llama, GGUF)</source>
        <translation>stories260K (Llama, GGUF)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Expand All</source>
        <translation>Alle &amp;aufklappen</translation>
    </message>
    <message>
        <source>&amp;Collapse All</source>
        <translation>Alle &amp;zuklappen</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Learn Quantization</source>
        <translation>Quantisierung &amp;lernen</translation>
    </message>
    <message>
        <source>A guided tour of eight short lessons on the demo models</source>
        <translation>Eine geführte Tour aus acht kurzen Lektionen an den Demo-Modellen</translation>
    </message>
    <message>
        <source>&amp;About QuantLens</source>
        <translation>&amp;Über QuantLens</translation>
    </message>
    <message>
        <source>About QuantLens</source>
        <translation>Über QuantLens</translation>
    </message>
    <message>
        <source>&lt;b&gt;QuantLens&lt;/b&gt; %1&lt;br&gt;A quantization explorer: open a model, see how its tensors are distributed and what number formats do to them.&lt;br&gt;&lt;br&gt;The stories260K demo model is from Andrej Karpathy&apos;s llama2.c (MIT License).</source>
        <translation>&lt;b&gt;QuantLens&lt;/b&gt; %1&lt;br&gt;Ein Werkzeug zur Erkundung der Quantisierung: Öffnen Sie ein Modell und sehen Sie, wie seine Tensoren verteilt sind und was Zahlenformate mit ihnen machen.&lt;br&gt;&lt;br&gt;Das Demo-Modell stories260K stammt aus Andrej Karpathys llama2.c (MIT-Lizenz).</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>%1 — QuantLens</source>
        <translation>%1 — QuantLens</translation>
    </message>
    <message numerus="yes">
        <source>%n tensor(s) loaded.</source>
        <translation>
            <numerusform>%n Tensor geladen.</numerusform>
            <numerusform>%n Tensoren geladen.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: no tensor named &apos;%2&apos;</source>
        <translation>%1: kein Tensor mit dem Namen „%2“</translation>
    </message>
    <message>
        <source>Computing statistics of every tensor…</source>
        <translation>Statistiken aller Tensoren werden berechnet…</translation>
    </message>
    <message numerus="yes">
        <source>Statistics of all %n tensor(s) computed.</source>
        <translation>
            <numerusform>Statistik von %n Tensor berechnet.</numerusform>
            <numerusform>Statistiken aller %n Tensoren berechnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Computing statistics of %1…</source>
        <translation>Statistiken von %1 werden berechnet…</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message numerus="yes">
        <source>%n layer input(s) read from %1.</source>
        <translation>
            <numerusform>%n Schichteingabe aus %1 gelesen.</numerusform>
            <numerusform>%n Schichteingaben aus %1 gelesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Capturing activations of %1…</source>
        <translation>Aktivierungen von %1 werden erfasst…</translation>
    </message>
    <message>
        <source>the activations captured from %1</source>
        <translation>die aus %1 erfassten Aktivierungen</translation>
    </message>
    <message>
        <source>Clear List</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>Capture &amp;Activations from the Model…</source>
        <translation>&amp;Aktivierungen aus dem Modell erfassen…</translation>
    </message>
    <message>
        <source>Run the open model — a Llama model over sequences sampled from it, a text file or typed text, a classifier over its evaluation set — and record the input of every linear and convolution layer</source>
        <translation>Das offene Modell ausführen – ein Llama-Modell über aus ihm gezogene Sequenzen, eine Textdatei oder eingegebenen Text, einen Klassifikator über seine Auswertungsmenge – und die Eingabe jeder linearen und Faltungsschicht erfassen</translation>
    </message>
    <message>
        <source>Open &amp;Session…</source>
        <translation>&amp;Sitzung öffnen…</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>QuantLens sessions (*.qlsession)</source>
        <translation>QuantLens-Sitzungen (*.qlsession)</translation>
    </message>
    <message>
        <source>&amp;Save Session…</source>
        <translation>Sitzung &amp;speichern…</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>Session saved to %1.</source>
        <translation>Sitzung nach %1 gespeichert.</translation>
    </message>
    <message>
        <source>Open a model first: a session is made of a model and what was done with it.</source>
        <translation>Öffnen Sie zuerst ein Modell: Eine Sitzung besteht aus einem Modell und dem, was damit gemacht wurde.</translation>
    </message>
    <message>
        <source>The session %1 was made with %2, which is no longer there: open the model where it is now, then the session&apos;s sweep with Plan → Open sweep.</source>
        <translation>Die Sitzung %1 wurde mit %2 erstellt, das nicht mehr vorhanden ist: Öffnen Sie das Modell dort, wo es jetzt liegt, dann den Durchlauf der Sitzung mit Plan → Durchlauf öffnen.</translation>
    </message>
    <message>
        <source>the calibration file %1 is no longer there</source>
        <translation>die Kalibrierdatei %1 ist nicht mehr vorhanden</translation>
    </message>
    <message>
        <source>its plan target &apos;%1&apos; is unknown</source>
        <translation>ihr Planziel „%1“ ist unbekannt</translation>
    </message>
    <message>
        <source>its tensor %1 is not in the model</source>
        <translation>ihr Tensor %1 ist nicht im Modell</translation>
    </message>
    <message>
        <source>Session %1 restored.</source>
        <translation>Sitzung %1 wiederhergestellt.</translation>
    </message>
    <message>
        <source>the model %1 was %2 bytes and is %3 bytes now</source>
        <translation>das Modell %1 hatte %2 Bytes und hat jetzt %3 Bytes</translation>
    </message>
    <message>
        <source>the tensors of %1 (names, types, shapes or offsets) are not those the session was made with</source>
        <translation>die Tensoren von %1 (Namen, Typen, Formen oder Offsets) sind nicht die, mit denen die Sitzung erstellt wurde</translation>
    </message>
    <message>
        <source>Session %1 restored, with differences: %2.</source>
        <translation>Sitzung %1 wiederhergestellt, mit Unterschieden: %2.</translation>
    </message>
    <message>
        <source>Restore the last session?</source>
        <translation>Letzte Sitzung wiederherstellen?</translation>
    </message>
    <message>
        <source>QuantLens did not close normally last time. Restore the session it saved (model, sweep, plan and view)?</source>
        <translation>QuantLens wurde beim letzten Mal nicht normal beendet. Die gespeicherte Sitzung (Modell, Durchlauf, Plan und Ansicht) wiederherstellen?</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Automatisches Speichern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>its view &apos;%1&apos; is unknown</source>
        <translation>ihre Ansicht „%1“ ist unbekannt</translation>
    </message>
    <message>
        <source>settings of the %1 view it could not restore: %2</source>
        <translation>Einstellungen der Ansicht %1, die nicht wiederhergestellt werden konnten: %2</translation>
    </message>
    <message>
        <source>Reading the session %1…</source>
        <translation>Lese die Sitzung %1…</translation>
    </message>
    <message numerus="yes">
        <source>Its sweep had not finished: %n tensor(s) measured; Continue sweep measures the rest.</source>
        <translation>
            <numerusform>Ihr Durchlauf war nicht fertig: %n Tensor gemessen; „Durchlauf fortsetzen“ misst den Rest.</numerusform>
            <numerusform>Ihr Durchlauf war nicht fertig: %n Tensoren gemessen; „Durchlauf fortsetzen“ misst den Rest.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ql::MetadataModel</name>
    <message numerus="yes">
        <source>%n items: %1, …</source>
        <translation>
            <numerusform>%n Eintrag: %1, …</numerusform>
            <numerusform>%n Einträge: %1, …</numerusform>
        </translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>ql::MethodBars</name>
    <message>
        <source>Output error of each layer on its captured inputs under round-to-nearest, GPTQ and AWQ. Right-click to save or copy.</source>
        <translation>Ausgabefehler jeder Schicht auf ihren erfassten Eingaben bei Runden, GPTQ und AWQ. Rechtsklick zum Speichern oder Kopieren.</translation>
    </message>
    <message>
        <source>RTN, GPTQ and AWQ per layer</source>
        <translation>RTN, GPTQ und AWQ je Schicht</translation>
    </message>
    <message>
        <source>Press Compare methods to see what GPTQ and AWQ buy over round-to-nearest on every layer.</source>
        <translation>Drücken Sie „Verfahren vergleichen“, um zu sehen, was GPTQ und AWQ gegenüber dem Runden in jeder Schicht bringen.</translation>
    </message>
    <message>
        <source>Capture or open calibration activations, then press Compare methods to see what GPTQ and AWQ buy over round-to-nearest on every layer.</source>
        <translation>Erfassen oder öffnen Sie Kalibrier-Aktivierungen und drücken Sie dann „Verfahren vergleichen“, um zu sehen, was GPTQ und AWQ gegenüber dem Runden in jeder Schicht bringen.</translation>
    </message>
    <message>
        <source>round-to-nearest</source>
        <translation>Runden zum Nächsten</translation>
    </message>
    <message>
        <source>%1: output error on the captured inputs; mean GPTQ / RTN %2, AWQ / RTN %3</source>
        <translation>%1: Ausgabefehler auf den erfassten Eingaben; Mittel GPTQ / RTN %2, AWQ / RTN %3</translation>
    </message>
</context>
<context>
    <name>ql::MethodsView</name>
    <message>
        <source>Compare methods</source>
        <translation>Verfahren vergleichen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The spec every method quantizes to (integer, NF4, FP8 or MXFP4; not llama.cpp formats)</source>
        <translation>Das Format, in das jedes Verfahren quantisiert (Ganzzahl, NF4, FP8 oder MXFP4; keine llama.cpp-Formate)</translation>
    </message>
    <message>
        <source>Quantize every layer with calibration data by RTN, GPTQ and AWQ and measure each output error</source>
        <translation>Jede Schicht mit Kalibrierdaten per RTN, GPTQ und AWQ quantisieren und jeden Ausgabefehler messen</translation>
    </message>
    <message>
        <source>SmoothQuant&apos;s migration strength α: 0 keeps the activations&apos; range, 1 moves it all into the weights</source>
        <translation>Verschiebungsstärke α von SmoothQuant: 0 lässt den Bereich bei den Aktivierungen, 1 verschiebt ihn ganz in die Gewichte</translation>
    </message>
    <message>
        <source>&amp;Spec:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>SmoothQuant &amp;α:</source>
        <translation>SmoothQuant-&amp;α:</translation>
    </message>
    <message>
        <source>Quantizing every layer with RTN, GPTQ and AWQ…</source>
        <translation>Jede Schicht wird mit RTN, GPTQ und AWQ quantisiert…</translation>
    </message>
    <message>
        <source>Not enough memory to compare the methods.</source>
        <translation>Nicht genug Speicher, um die Verfahren zu vergleichen.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>No layer of this model has a Hessian in the calibration data.</source>
        <translation>Keine Schicht dieses Modells hat eine Hesse-Matrix in den Kalibrierdaten.</translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s): GPTQ beats RTN on %1, AWQ on %2; GPTQ %3 s, AWQ %4 s per layer.</source>
        <translation>
            <numerusform>%n Schicht: GPTQ schlägt RTN in %1, AWQ in %2; GPTQ %3 s, AWQ %4 s pro Schicht.</numerusform>
            <numerusform>%n Schichten: GPTQ schlägt RTN in %1, AWQ in %2; GPTQ %3 s, AWQ %4 s pro Schicht.</numerusform>
        </translation>
    </message>
    <message>
        <source>SmoothQuant and the AWQ saliency ablation need captured layer inputs: File → Capture Activations, or File → Open Calibration Activations.</source>
        <translation>SmoothQuant und die AWQ-Ablation brauchen erfasste Schichteingaben: Datei → Aktivierungen aus dem Modell erfassen oder Datei → Kalibrier-Aktivierungen öffnen.</translation>
    </message>
    <message>
        <source>The calibration data holds no input rows for this tensor.</source>
        <translation>Die Kalibrierdaten enthalten keine Eingabezeilen für diesen Tensor.</translation>
    </message>
    <message>
        <source>Layers of up to %1 values are examined here.</source>
        <translation>Hier werden Schichten mit bis zu %1 Werten untersucht.</translation>
    </message>
    <message>
        <source>Smoothing…</source>
        <translation>Glättung läuft…</translation>
    </message>
    <message>
        <source>W8A8 output error (INT8 weights per channel, activations per tensor): %1 before smoothing, %2 after (α = %3).</source>
        <translation>W8A8-Ausgabefehler (INT8-Gewichte pro Kanal, Aktivierungen pro Tensor): %1 vor der Glättung, %2 danach (α = %3).</translation>
    </message>
    <message>
        <source>AWQ ablation at %1, keeping %2 input channel(s) (1 %) in full precision — output error:
none kept %3
by activation %4
by weight magnitude %5
random %6</source>
        <translation>AWQ-Ablation bei %1, %2 Eingangskanal/-kanäle (1 %) in voller Genauigkeit behalten – Ausgabefehler:
keiner behalten %3
nach Aktivierung %4
nach Gewichtsbetrag %5
zufällig %6</translation>
    </message>
</context>
<context>
    <name>ql::ModelSummary</name>
    <message>
        <source>Filter metadata</source>
        <translation>Metadaten filtern</translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Format: %2 · %3 tensors · %4 parameters · %5 of tensor data (file %6)&lt;br&gt;Types: %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Format: %2 · %3 Tensoren · %4 Parameter · %5 Tensordaten (Datei %6)&lt;br&gt;Typen: %7</translation>
    </message>
    <message>
        <source>&lt;br&gt;Optimizer state: %1 values (not counted as parameters)</source>
        <translation>&lt;br&gt;Optimierer-Zustand: %1 Werte (nicht als Parameter gezählt)</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>unknown (%1)</source>
        <translation>unbekannt (%1)</translation>
    </message>
    <message>
        <source>&lt;br&gt;llama.cpp: %1 · %2 bits per weight · tensors by type: %3</source>
        <translation>&lt;br&gt;llama.cpp: %1 · %2 Bit pro Gewicht · Tensoren nach Typ: %3</translation>
    </message>
    <message>
        <source>no file type declared</source>
        <translation>kein Dateityp angegeben</translation>
    </message>
    <message>
        <source>file type %1</source>
        <translation>Dateityp %1</translation>
    </message>
    <message>
        <source>&lt;br&gt;Plan → This file&apos;s own mix shows every tensor&apos;s type; quantlens-cli llamacpp-plan --own writes it as a plan.</source>
        <translation>&lt;br&gt;Plan → Eigene Mischung dieser Datei zeigt den Typ jedes Tensors; quantlens-cli llamacpp-plan --own schreibt sie als Plan.</translation>
    </message>
</context>
<context>
    <name>ql::OutliersView</name>
    <message>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingang</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>z-score</source>
        <translation>z-Wert</translation>
    </message>
    <message>
        <source>How many of the largest-magnitude values to list</source>
        <translation>Wie viele der betragsgrößten Werte aufgelistet werden</translation>
    </message>
    <message>
        <source>Kurtosis</source>
        <translation>Kurtosis</translation>
    </message>
    <message>
        <source>max|x| / std</source>
        <translation>max|x| / Std.</translation>
    </message>
    <message>
        <source>The outlier measure drawn for every weight tensor</source>
        <translation>Das Ausreißermaß, das für jeden Gewichtstensor gezeichnet wird</translation>
    </message>
    <message>
        <source>Activation magnitude that counts as an outlier (6 in the LLM.int8() paper)</source>
        <translation>Aktivierungsbetrag, der als Ausreißer zählt (6 im LLM.int8()-Paper)</translation>
    </message>
    <message>
        <source>|x| of the selected layer&apos;s captured input, tokens down, channels across. Right-click to save or copy.</source>
        <translation>|x| der erfassten Eingabe der gewählten Schicht, Token nach unten, Kanäle nach rechts. Rechtsklick zum Speichern oder Kopieren.</translation>
    </message>
    <message>
        <source>&amp;Top values:</source>
        <translation>&amp;Größte Werte:</translation>
    </message>
    <message>
        <source>&amp;Depth chart:</source>
        <translation>&amp;Tiefendiagramm:</translation>
    </message>
    <message>
        <source>&amp;Activation threshold:</source>
        <translation>&amp;Aktivierungsschwelle:</translation>
    </message>
    <message>
        <source>Select a tensor to list its largest values.</source>
        <translation>Wählen Sie einen Tensor, um seine größten Werte aufzulisten.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: kurtosis %2, max|x| / std %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: Kurtosis %2, max|x| / Std. %3</translation>
    </message>
    <message>
        <source>Top values are listed for tensors of up to %1 values.</source>
        <translation>Die größten Werte werden für Tensoren mit bis zu %1 Werten aufgelistet.</translation>
    </message>
    <message>
        <source>Finding the largest values…</source>
        <translation>Größte Werte werden gesucht…</translation>
    </message>
    <message>
        <source>Activations: open captured layer inputs (File → Open Calibration Activations…) or capture them from the open model (File → Capture Activations) to see each layer&apos;s input, tokens × channels, and the model&apos;s outlier features.</source>
        <translation>Aktivierungen: Öffnen Sie erfasste Schichteingaben (Datei → Kalibrier-Aktivierungen öffnen…) oder erfassen Sie sie aus dem geöffneten Modell (Datei → Aktivierungen aus dem Modell erfassen), um die Eingabe jeder Schicht (Token × Kanäle) und die Ausreißer-Merkmale des Modells zu sehen.</translation>
    </message>
    <message>
        <source>%1 holds statistics for %2 but no input rows.</source>
        <translation>%1: Statistiken für %2, aber keine Eingabezeilen.</translation>
    </message>
    <message>
        <source>%1 has no inputs for %2 (it records the inputs of linear layers).</source>
        <translation>%1: keine Eingaben für %2 (erfasst werden die Eingaben linearer Schichten).</translation>
    </message>
    <message>
        <source>Looking for outlier features…</source>
        <translation>Ausreißer-Merkmale werden gesucht…</translation>
    </message>
    <message>
        <source>Outlier features of width %1 over %2 layer(s) (LLM.int8() rule: |x| ≥ %3 in ≥ 25 % of layers and ≥ 6 % of tokens): %4.</source>
        <translation>Ausreißer-Merkmale der Breite %1 über %2 Schicht(en) (LLM.int8()-Regel: |x| ≥ %3 in ≥ 25 % der Schichten und ≥ 6 % der Token): %4.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>dim %1: %2 layer(s), %3 % of tokens, max %4</source>
        <translation>Dim. %1: %2 Schicht(en), %3 % der Token, Maximum %4</translation>
    </message>
    <message>
        <source>No dimension reaches |x| ≥ %1.</source>
        <translation>Keine Dimension erreicht |x| ≥ %1.</translation>
    </message>
    <message>
        <source>Most frequent:</source>
        <translation>Am häufigsten:</translation>
    </message>
</context>
<context>
    <name>ql::PackingView</name>
    <message>
        <source>INT4 (symmetric, group of 32)</source>
        <translation>INT4 (symmetrisch, Gruppe von 32)</translation>
    </message>
    <message>
        <source>The storage layout to show</source>
        <translation>Das anzuzeigende Speicherformat</translation>
    </message>
    <message>
        <source>The row (output channel) whose values are packed</source>
        <translation>Die Zeile (Ausgabekanal), deren Werte gepackt werden</translation>
    </message>
    <message>
        <source>Which block of the row to show</source>
        <translation>Welcher Block der Zeile angezeigt wird</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>Bits</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Skala</translation>
    </message>
    <message>
        <source>Zero</source>
        <translation>Null</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Dequantized</source>
        <translation>Dequantisiert</translation>
    </message>
    <message>
        <source>Stored in</source>
        <translation>Gespeichert in</translation>
    </message>
    <message>
        <source>&amp;Layout:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Row:</source>
        <translation>&amp;Zeile:</translation>
    </message>
    <message>
        <source>&amp;Block:</source>
        <translation>&amp;Block:</translation>
    </message>
    <message>
        <source>Select a tensor to see how its values are stored.</source>
        <translation>Wählen Sie einen Tensor, um zu sehen, wie seine Werte gespeichert werden.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>Packing is shown for tensors of up to %1 values; this one has %2.</source>
        <translation>Die Packung wird für Tensoren mit bis zu %1 Werten gezeigt; dieser hat %2.</translation>
    </message>
    <message>
        <source>Symmetric INT4 per group of 32: code = round(x / scale) + 8, two codes per byte (value 2i in the low nibble of byte i, 2i+1 in the high nibble). The FP16 scale %1 (%2) is kept beside the codes, as GPTQ and AWQ checkpoints keep it in a separate tensor.</source>
        <translation>Symmetrisches INT4 je Gruppe von 32: Code = round(x / Skala) + 8, zwei Codes pro Byte (Wert 2i im unteren Nibble von Byte i, 2i+1 im oberen). Die FP16-Skala %1 (%2) liegt neben den Codes, so wie GPTQ- und AWQ-Checkpoints sie in einem eigenen Tensor ablegen.</translation>
    </message>
    <message>
        <source>llama.cpp Q4_0: an FP16 scale d = %1 (%2), then 16 bytes of codes: value j in the low nibble of code byte j, value j+16 in its high nibble; x = d × (code − 8).</source>
        <translation>llama.cpp Q4_0: eine FP16-Skala d = %1 (%2), dann 16 Bytes Codes: Wert j im unteren Nibble von Codebyte j, Wert j+16 im oberen; x = d × (Code − 8).</translation>
    </message>
    <message>
        <source>llama.cpp Q4_1: FP16 scale d = %1 (%2) and minimum m = %3 (%4), then 16 bytes of codes laid out as in Q4_0; x = d × code + m.</source>
        <translation>llama.cpp Q4_1: FP16-Skala d = %1 (%2) und Minimum m = %3 (%4), dann 16 Bytes Codes wie bei Q4_0; x = d × Code + m.</translation>
    </message>
    <message>
        <source>llama.cpp Q8_0: an FP16 scale d = %1 (%2), then one signed byte per value; x = d × code.</source>
        <translation>llama.cpp Q8_0: eine FP16-Skala d = %1 (%2), dann ein vorzeichenbehaftetes Byte pro Wert; x = d × Code.</translation>
    </message>
    <message>
        <source>llama.cpp Q4_K: a super-block of 256 values in eight sub-blocks of 32. FP16 d = %1 (%2) and dmin = %3 (%4); twelve bytes pack each sub-block&apos;s 6-bit scale and 6-bit minimum; each 64 values share 32 code bytes (first 32 in the low nibbles, next 32 in the high ones); x = (d × scale) × code − dmin × min.</source>
        <translation>llama.cpp Q4_K: ein Superblock aus 256 Werten in acht Unterblöcken zu 32. FP16 d = %1 (%2) und dmin = %3 (%4); zwölf Bytes packen die 6-Bit-Skala und das 6-Bit-Minimum jedes Unterblocks; je 64 Werte teilen sich 32 Codebytes (die ersten 32 in den unteren Nibbles, die nächsten 32 in den oberen); x = (d × Skala) × Code − dmin × Minimum.</translation>
    </message>
    <message>
        <source>%1: scale %2, min %3</source>
        <translation>%1: Skala %2, Minimum %3</translation>
    </message>
    <message>
        <source>Sub-blocks:</source>
        <translation>Unterblöcke:</translation>
    </message>
    <message>
        <source>%1 bits per weight.</source>
        <translation>%1 Bit pro Gewicht.</translation>
    </message>
    <message>
        <source>The row has %1 values, not a multiple of %2: the last block is padded with zeros here, and llama.cpp cannot store this tensor in this format.</source>
        <translation>Die Zeile hat %1 Werte, kein Vielfaches von %2: der letzte Block wird hier mit Nullen aufgefüllt, und llama.cpp kann diesen Tensor nicht in diesem Format speichern.</translation>
    </message>
    <message>
        <source>byte %1</source>
        <translation>Byte %1</translation>
    </message>
    <message>
        <source>byte %1, bits %2–%3</source>
        <translation>Byte %1, Bits %2–%3</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>Auffüllung</translation>
    </message>
    <message>
        <source>NVFP4 (NVIDIA, block of 16)</source>
        <translation>NVFP4 (NVIDIA, Block von 16)</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>llama.cpp IQ4_XS: a super-block of 256 values in eight sub-blocks of 32. FP16 d = %1 (%2); each sub-block&apos;s 6-bit scale keeps its low four bits in bytes 4–7 and its top two in bytes 2–3; each 32 values share 16 code bytes (first 16 in the low nibbles); a code picks one of 16 non-linear levels (−127 … 113); x = d × (scale − 32) × level.</source>
        <translation>llama.cpp IQ4_XS: ein Superblock aus 256 Werten in acht Teilblöcken zu 32. FP16 d = %1 (%2); die 6-Bit-Skala jedes Teilblocks hat ihre unteren vier Bits in den Bytes 4–7 und ihre oberen zwei in den Bytes 2–3; je 32 Werte teilen sich 16 Code-Bytes (die ersten 16 in den unteren Nibbles); ein Code wählt eine von 16 nichtlinearen Stufen (−127 … 113); x = d × (Skala − 32) × Stufe.</translation>
    </message>
    <message>
        <source>%1: scale %2 → %3</source>
        <translation>%1: Skala %2 → %3</translation>
    </message>
    <message>
        <source>llama.cpp IQ3_XXS: 256 values, FP16 d = %1 (%2). Values go in fours to points of a lattice of 256 (each coordinate one of 4, 12, …, 62): 64 index bytes, one per point. Per 32 values a 32-bit word holds four groups of 7 sign bits (the eighth sign of each group of 8 makes the number of minus signs even) and, in its top four bits, the sub-block&apos;s scale s; x = d × (0.5 + s) / 2 × ±level.</source>
        <translation>llama.cpp IQ3_XXS: 256 Werte, FP16 d = %1 (%2). Je vier Werte werden einem Punkt eines Gitters aus 256 Punkten zugeordnet (jede Koordinate eine von 4, 12, …, 62): 64 Index-Bytes, eines pro Punkt. Je 32 Werte enthält ein 32-Bit-Wort vier Gruppen aus 7 Vorzeichenbits (das achte Vorzeichen jeder Achtergruppe macht die Zahl der Minuszeichen gerade) und in seinen oberen vier Bits die Skala s des Teilblocks; x = d × (0,5 + s) / 2 × ±Stufe.</translation>
    </message>
    <message>
        <source>NVIDIA NVFP4 (as ModelOpt stores it): 16 E2M1 codes, value 2i in the low nibble of byte i and 2i+1 in the high one, and the block&apos;s E4M3 scale %1 (0x%2), kept in a separate scale tensor. The tensor&apos;s FP32 scale %3 = max |x| / (6 × 448) is stored once per tensor; x = E2M1 level × E4M3 scale × FP32 scale.</source>
        <translation>NVIDIA NVFP4 (wie ModelOpt es speichert): 16 E2M1-Codes, Wert 2i im unteren Nibble von Byte i und 2i+1 im oberen, und die E4M3-Skala %1 (0x%2) des Blocks, in einem eigenen Skalentensor. Die FP32-Skala %3 = max |x| / (6 × 448) wird einmal pro Tensor gespeichert; x = E2M1-Stufe × E4M3-Skala × FP32-Skala.</translation>
    </message>
    <message>
        <source>byte %1 (point %2, position %3), sign implied</source>
        <translation>Byte %1 (Punkt %2, Position %3), Vorzeichen implizit</translation>
    </message>
    <message>
        <source>byte %1 (point %2, position %3), sign: byte %4 bit %5</source>
        <translation>Byte %1 (Punkt %2, Position %3), Vorzeichen: Byte %4 Bit %5</translation>
    </message>
</context>
<context>
    <name>ql::PlanModel</name>
    <message>
        <source>Double-click to choose this tensor&apos;s spec; the choice is locked and the rest re-planned</source>
        <translation>Doppelklicken, um das Format dieses Tensors zu wählen; die Wahl wird gesperrt und der Rest neu geplant</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>gesperrt</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <source>Spec</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Bits/weight</source>
        <translation>Bits/Gewicht</translation>
    </message>
    <message>
        <source>Predicted error</source>
        <translation>Vorhergesagter Fehler</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperre</translation>
    </message>
</context>
<context>
    <name>ql::PlanSolver</name>
    <message>
        <source>Not enough memory to solve the plan.</source>
        <translation>Nicht genug Speicher, um den Plan zu lösen.</translation>
    </message>
</context>
<context>
    <name>ql::PlannerView</name>
    <message>
        <source>Integer round-to-nearest</source>
        <translation>Ganzzahl, auf nächsten Wert gerundet</translation>
    </message>
    <message>
        <source>llama.cpp k-quants</source>
        <translation>llama.cpp-K-Quants</translation>
    </message>
    <message>
        <source>NF4, FP8, MXFP4</source>
        <translation>NF4, FP8, MXFP4</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>Durchlauf starten</translation>
    </message>
    <message>
        <source>Candidate specs, separated by commas</source>
        <translation>Kandidaten-Formate, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>RTN</source>
        <translation>RTN</translation>
    </message>
    <message>
        <source>How each candidate is applied: round-to-nearest, or GPTQ / AWQ with the captured inputs (File → Capture Activations or Open Calibration Activations)</source>
        <translation>Wie jeder Kandidat angewandt wird: Runden zum Nächsten oder GPTQ / AWQ mit den erfassten Eingaben (Datei → Aktivierungen aus dem Modell erfassen oder Kalibrier-Aktivierungen öffnen)</translation>
    </message>
    <message>
        <source>Open sweep…</source>
        <translation>Durchlauf öffnen…</translation>
    </message>
    <message>
        <source>Save sweep…</source>
        <translation>Durchlauf speichern…</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>Kandidaten</translation>
    </message>
    <message>
        <source>Relative MSE of every tensor under every candidate, on a log colour scale</source>
        <translation>Relativer MSE jedes Tensors unter jedem Kandidaten, auf logarithmischer Farbskala</translation>
    </message>
    <message>
        <source>Budget in bits per weight</source>
        <translation>Budget in Bits pro Gewicht</translation>
    </message>
    <message>
        <source> bits/weight</source>
        <translation> Bits/Gewicht</translation>
    </message>
    <message>
        <source>llama.cpp tensor types</source>
        <translation>llama.cpp-Tensortypen</translation>
    </message>
    <message>
        <source>GPTQModel dynamic</source>
        <translation>GPTQModel dynamic</translation>
    </message>
    <message>
        <source>llm-compressor recipe</source>
        <translation>llm-compressor-Rezept</translation>
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
        <translation>Markdown-Bericht</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Save plan…</source>
        <translation>Plan speichern…</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Pareto frontier</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <source>Current plan</source>
        <translation>Aktueller Plan</translation>
    </message>
    <message>
        <source>bits per weight</source>
        <translation>Bits pro Gewicht</translation>
    </message>
    <message>
        <source>predicted error</source>
        <translation>vorhergesagter Fehler</translation>
    </message>
    <message>
        <source>Plans along the frontier</source>
        <translation>Pläne entlang der Front</translation>
    </message>
    <message>
        <source>measured KL divergence</source>
        <translation>gemessene KL-Divergenz</translation>
    </message>
    <message>
        <source>Weight error (relative MSE)</source>
        <translation>Gewichtsfehler (relativer MSE)</translation>
    </message>
    <message>
        <source>End-to-end KL (sweep with --e2e)</source>
        <translation>Durchgängige KL (Durchlauf mit --e2e)</translation>
    </message>
    <message>
        <source>Sensitivity over depth</source>
        <translation>Empfindlichkeit über die Tiefe</translation>
    </message>
    <message>
        <source>Bits over depth</source>
        <translation>Bits über die Tiefe</translation>
    </message>
    <message>
        <source>Predicted vs measured</source>
        <translation>Vorhergesagt gegen gemessen</translation>
    </message>
    <message>
        <source>Evaluate plan</source>
        <translation>Plan auswerten</translation>
    </message>
    <message>
        <source>Validate frontier</source>
        <translation>Front prüfen</translation>
    </message>
    <message>
        <source>Run the model with the plan and compare it with full precision</source>
        <translation>Das Modell mit dem Plan ausführen und mit voller Genauigkeit vergleichen</translation>
    </message>
    <message>
        <source>Measure plans along the Pareto frontier end to end</source>
        <translation>Pläne entlang der Pareto-Front durchgängig messen</translation>
    </message>
    <message>
        <source>Clear locks</source>
        <translation>Sperren aufheben</translation>
    </message>
    <message>
        <source>Forget the specs chosen by hand and plan every tensor again</source>
        <translation>Von Hand gewählte Formate vergessen und jeden Tensor neu planen</translation>
    </message>
    <message>
        <source>Run a sweep (or open one) to plan a bit width per tensor.</source>
        <translation>Starten (oder öffnen) Sie einen Durchlauf, um je Tensor eine Bitbreite zu planen.</translation>
    </message>
    <message numerus="yes">
        <source>Sweeping %n candidate spec(s)…</source>
        <translation>
            <numerusform>%n Kandidat wird gemessen…</numerusform>
            <numerusform>%n Kandidaten werden gemessen…</numerusform>
        </translation>
    </message>
    <message>
        <source>end-to-end KL</source>
        <translation>durchgängige KL</translation>
    </message>
    <message>
        <source>relative MSE</source>
        <translation>relativer MSE</translation>
    </message>
    <message>
        <source>KL divergence, this tensor alone</source>
        <translation>KL-Divergenz, nur dieser Tensor</translation>
    </message>
    <message>
        <source>%1 tensors · %2 bits per weight · %3 · predicted error %4</source>
        <translation>%1 Tensoren · %2 Bits pro Gewicht · %3 · vorhergesagter Fehler %4</translation>
    </message>
    <message numerus="yes">
        <source> · %n tensor(s) no candidate can hold stay at full precision</source>
        <translation>
            <numerusform> · %n Tensor, den kein Kandidat aufnehmen kann, bleibt in voller Genauigkeit</numerusform>
            <numerusform> · %n Tensoren, die kein Kandidat aufnehmen kann, bleiben in voller Genauigkeit</numerusform>
        </translation>
    </message>
    <message>
        <source>KL mean</source>
        <translation>KL-Mittel</translation>
    </message>
    <message>
        <source>KL p99</source>
        <translation>KL p99</translation>
    </message>
    <message>
        <source>top-1 agreement</source>
        <translation>Top-1-Übereinstimmung</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <source>full-precision perplexity</source>
        <translation>Perplexität bei voller Genauigkeit</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>full-precision accuracy</source>
        <translation>Genauigkeit bei voller Genauigkeit</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>Wird ausgewertet…</translation>
    </message>
    <message>
        <source>Evaluating the plan end to end…</source>
        <translation>Der Plan wird durchgängig ausgewertet…</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Validating…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Measuring plans along the frontier…</source>
        <translation>Pläne entlang der Front werden gemessen…</translation>
    </message>
    <message numerus="yes">
        <source>%n plan(s) measured; Spearman rank correlation of predicted and measured error %1</source>
        <translation>
            <numerusform>%n Plan gemessen; Spearman-Rangkorrelation von vorhergesagtem und gemessenem Fehler %1</numerusform>
            <numerusform>%n Pläne gemessen; Spearman-Rangkorrelation von vorhergesagtem und gemessenem Fehler %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export plan</source>
        <translation>Plan exportieren</translation>
    </message>
    <message>
        <source>Save plan</source>
        <translation>Plan speichern</translation>
    </message>
    <message>
        <source>QuantLens plans (*.json)</source>
        <translation>QuantLens-Pläne (*.json)</translation>
    </message>
    <message>
        <source>Save sweep</source>
        <translation>Durchlauf speichern</translation>
    </message>
    <message>
        <source>QuantLens sweeps (*.json)</source>
        <translation>QuantLens-Durchläufe (*.json)</translation>
    </message>
    <message>
        <source>Open sweep</source>
        <translation>Durchlauf öffnen</translation>
    </message>
    <message>
        <source>Judge text</source>
        <translation>Text für die Bewertung</translation>
    </message>
    <message>
        <source>llama.cpp: k-quants, legacy and i-quants</source>
        <translation>llama.cpp: k-Quants, klassische Typen und i-Quants</translation>
    </message>
    <message>
        <source>llama.cpp i-quants</source>
        <translation>llama.cpp-i-Quants</translation>
    </message>
    <message>
        <source>GPTQModel: 2, 3, 4 and 8 bits per group</source>
        <translation>GPTQModel: 2, 3, 4 und 8 Bit pro Gruppe</translation>
    </message>
    <message>
        <source>llm-compressor: INT4/INT8 and FP8</source>
        <translation>llm-compressor: INT4/INT8 und FP8</translation>
    </message>
    <message>
        <source>No tool (research)</source>
        <translation>Kein Werkzeug (Forschung)</translation>
    </message>
    <message>
        <source>The tool the plan is for: it decides the candidate specs, the presets beside the frontier, the judge&apos;s arithmetic and the export</source>
        <translation>Das Werkzeug, für das der Plan ist: Es bestimmt die Kandidaten, die Voreinstellungen neben der Front, die Arithmetik des Prüfers und den Export</translation>
    </message>
    <message>
        <source>llama.cpp arithmetic</source>
        <translation>llama.cpp-Arithmetik</translation>
    </message>
    <message>
        <source>float arithmetic</source>
        <translation>Gleitkomma-Arithmetik</translation>
    </message>
    <message>
        <source>How the judge computes: as llama.cpp&apos;s CPU inference does (activations rounded to each weight type&apos;s dot-product type, F16 KV cache), or in float, independent of any tool</source>
        <translation>Wie der Prüfer rechnet: wie die CPU-Inferenz von llama.cpp (Aktivierungen auf den Skalarprodukt-Typ jedes Gewichtstyps gerundet, F16-KV-Cache) oder in Gleitkomma, unabhängig von einem Werkzeug</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>predicted error (log scale)</source>
        <translation>vorhergesagter Fehler (logarithmisch)</translation>
    </message>
    <message>
        <source>Compare a GGUF…</source>
        <translation>GGUF vergleichen…</translation>
    </message>
    <message>
        <source>Place a quantized GGUF of this model beside the frontier: its stored types scored on this sweep</source>
        <translation>Eine quantisierte GGUF dieses Modells neben die Front stellen: ihre gespeicherten Typen, bewertet mit diesem Durchlauf</translation>
    </message>
    <message>
        <source>This file&apos;s own mix</source>
        <translation>Eigene Mischung dieser Datei</translation>
    </message>
    <message>
        <source>Show the types this GGUF file stores as the plan (what did this file do?)</source>
        <translation>Die Typen, die diese GGUF-Datei speichert, als Plan zeigen (was hat diese Datei gemacht?)</translation>
    </message>
    <message>
        <source>%1 (needs %2)</source>
        <translation>%1 (braucht %2)</translation>
    </message>
    <message>
        <source>llama.cpp presets</source>
        <translation>llama.cpp-Voreinstellungen</translation>
    </message>
    <message>
        <source>Not shown, the sweep lacks a type they use: %1.</source>
        <translation>Nicht gezeigt, dem Durchlauf fehlt ein Typ, den sie verwenden: %1.</translation>
    </message>
    <message>
        <source>Not applicable here (an importance matrix or a type QuantLens cannot write is needed): %1.</source>
        <translation>Hier nicht anwendbar (eine Wichtigkeitsmatrix oder ein Typ, den QuantLens nicht schreiben kann, ist nötig): %1.</translation>
    </message>
    <message>
        <source>Compare a quantized GGUF</source>
        <translation>Eine quantisierte GGUF vergleichen</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF-Dateien (*.gguf)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>This file&apos;s own types: %1 tensors · %2 bits per weight · %3</source>
        <translation>Eigene Typen dieser Datei: %1 Tensoren · %2 Bit pro Gewicht · %3</translation>
    </message>
    <message>
        <source>Choose candidates the target can express, or the target “%1”.</source>
        <translation>Wählen Sie Kandidaten, die das Ziel ausdrücken kann, oder das Ziel „%1“.</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exportiert nach %1</translation>
    </message>
    <message>
        <source>Exported. Run: %1</source>
        <translation>Exportiert. Ausführen: %1</translation>
    </message>
    <message>
        <source>The plan is written to %1. Run:</source>
        <translation>Der Plan ist nach %1 geschrieben. Ausführen:</translation>
    </message>
    <message>
        <source>Compared GGUF files</source>
        <translation>Verglichene GGUF-Dateien</translation>
    </message>
    <message>
        <source>%1: %2 bits per weight, predicted error %3</source>
        <translation>%1: %2 Bit pro Gewicht, vorhergesagter Fehler %3</translation>
    </message>
    <message numerus="yes">
        <source>%n tool preset(s) beside the frontier, scored on this sweep (hover a point for its names).</source>
        <translation>
            <numerusform>%n Werkzeug-Voreinstellung neben der Front, bewertet mit diesem Durchlauf (Zeiger auf einen Punkt zeigt die Namen).</numerusform>
            <numerusform>%n Werkzeug-Voreinstellungen neben der Front, bewertet mit diesem Durchlauf (Zeiger auf einen Punkt zeigt die Namen).</numerusform>
        </translation>
    </message>
    <message>
        <source>Measure the tensors the cancelled sweep did not reach, keeping the rows it finished</source>
        <translation>Die Tensoren messen, die der abgebrochene Durchlauf nicht erreicht hat, und seine fertigen Zeilen behalten</translation>
    </message>
    <message numerus="yes">
        <source>Continue sweep (%n tensor(s) done)</source>
        <translation>
            <numerusform>Durchlauf fortsetzen (%n Tensor fertig)</numerusform>
            <numerusform>Durchlauf fortsetzen (%n Tensoren fertig)</numerusform>
        </translation>
    </message>
    <message>
        <source>ModelOpt: NVFP4, FP8, INT8, INT4</source>
        <translation>ModelOpt: NVFP4, FP8, INT8, INT4</translation>
    </message>
    <message>
        <source>OCP MX and NVFP4</source>
        <translation>OCP MX und NVFP4</translation>
    </message>
    <message>
        <source>Reading the sweep %1…</source>
        <translation>Lese den Durchlauf %1…</translation>
    </message>
    <message numerus="yes">
        <source>Validating: %n plan(s) measured before are kept…</source>
        <translation>
            <numerusform>Validierung: %n zuvor gemessener Plan bleibt erhalten…</numerusform>
            <numerusform>Validierung: %n zuvor gemessene Pläne bleiben erhalten…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ql::SawtoothPlot</name>
    <message>
        <source>Rounding error Q(x) − x over x, with the tensor&apos;s values underneath. Right-click to save or copy.</source>
        <translation>Rundungsfehler Q(x) − x über x, darunter die Werte des Tensors. Rechtsklick zum Speichern oder Kopieren.</translation>
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
        <translation>abgeschnitten</translation>
    </message>
    <message>
        <source>tensor values</source>
        <translation>Tensorwerte</translation>
    </message>
    <message>
        <source>Rounding error sawtooth</source>
        <translation>Sägezahn des Rundungsfehlers</translation>
    </message>
</context>
<context>
    <name>ql::SawtoothView</name>
    <message>
        <source>Symmetric</source>
        <translation>Symmetrisch</translation>
    </message>
    <message>
        <source>INT</source>
        <translation>INT</translation>
    </message>
    <message>
        <source>Bits per value: 2^bits levels</source>
        <translation>Bits pro Wert: 2^Bits Stufen</translation>
    </message>
    <message>
        <source>Clip the range to this share of the tensor&apos;s range: values beyond it saturate</source>
        <translation>Bereich auf diesen Anteil des Tensorbereichs begrenzen: Werte darüber hinaus sättigen</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Zero-point code of the asymmetric grid (auto: the code that makes 0 exact)</source>
        <translation>Nullpunkt-Code des asymmetrischen Gitters (automatisch: der Code, der 0 exakt darstellt)</translation>
    </message>
    <message>
        <source>Symmetric: ±max|x| with zero-point 0; asymmetric: [min, max] with a zero-point</source>
        <translation>Symmetrisch: ±max|x| mit Nullpunkt 0; asymmetrisch: [min, max] mit Nullpunkt</translation>
    </message>
    <message>
        <source>Nearest, ties to even</source>
        <translation>Nächster Wert, Gleichstand zur geraden Zahl</translation>
    </message>
    <message>
        <source>Nearest, ties away from zero</source>
        <translation>Nächster Wert, Gleichstand von null weg</translation>
    </message>
    <message>
        <source>Stochastic (expected error)</source>
        <translation>Stochastisch (erwarteter Fehler)</translation>
    </message>
    <message>
        <source>How values between two levels are rounded</source>
        <translation>Wie Werte zwischen zwei Stufen gerundet werden</translation>
    </message>
    <message>
        <source>&amp;Bits:</source>
        <translation>&amp;Bits:</translation>
    </message>
    <message>
        <source>&amp;Clip:</source>
        <translation>&amp;Begrenzung:</translation>
    </message>
    <message>
        <source>&amp;Zero-point:</source>
        <translation>&amp;Nullpunkt:</translation>
    </message>
    <message>
        <source>&amp;Rounding:</source>
        <translation>&amp;Rundung:</translation>
    </message>
    <message>
        <source>Select a tensor to see where its values sit on the rounding-error sawtooth.</source>
        <translation>Wählen Sie einen Tensor, um zu sehen, wo seine Werte auf dem Sägezahn des Rundungsfehlers liegen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 values in [%3, %4]</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: %2 Werte in [%3, %4]</translation>
    </message>
    <message>
        <source>Scale s = %1
Zero-point = %2
Levels = %3 … %4
Relative MSE ≈ %5
SQNR ≈ %6 dB
Clipped = %7 %
(estimated from the %8-bin histogram)</source>
        <translation>Skala s = %1
Nullpunkt = %2
Stufen = %3 … %4
Relativer MSE ≈ %5
SQNR ≈ %6 dB
Abgeschnitten = %7 %
(geschätzt aus dem Histogramm mit %8 Klassen)</translation>
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
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>System colours</source>
        <translation>Systemfarben</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>The desktop&apos;s colours, or QuantLens&apos;s own light or dark palette</source>
        <translation>Die Farben des Desktops oder die eigene helle oder dunkle Palette von QuantLens</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>Farben</translation>
    </message>
    <message>
        <source>A new language takes effect when QuantLens is started again.</source>
        <translation>Eine neue Sprache wird beim nächsten Start von QuantLens wirksam.</translation>
    </message>
</context>
<context>
    <name>ql::SmoothPlot</name>
    <message>
        <source>Per input channel: max |X| and max |W| before smoothing (faint) and after (solid). Right-click to save or copy.</source>
        <translation>Je Eingangskanal: max |X| und max |W| vor der Glättung (blass) und danach (kräftig). Rechtsklick zum Speichern oder Kopieren.</translation>
    </message>
    <message>
        <source>SmoothQuant</source>
        <translation>SmoothQuant</translation>
    </message>
    <message>
        <source>max |X| before</source>
        <translation>max |X| vorher</translation>
    </message>
    <message>
        <source>max |W| before</source>
        <translation>max |W| vorher</translation>
    </message>
    <message>
        <source>max |X| after</source>
        <translation>max |X| nachher</translation>
    </message>
    <message>
        <source>max |W| after</source>
        <translation>max |W| nachher</translation>
    </message>
    <message>
        <source>Max per input channel over %1 tokens</source>
        <translation>Maximum je Eingangskanal über %1 Token</translation>
    </message>
    <message>
        <source>input channel</source>
        <translation>Eingangskanal</translation>
    </message>
</context>
<context>
    <name>ql::StatsPanel</name>
    <message>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <source>Shape / type</source>
        <translation>Form / Typ</translation>
    </message>
    <message>
        <source>Role / layer</source>
        <translation>Rolle / Schicht</translation>
    </message>
    <message>
        <source>Finite values</source>
        <translation>Endliche Werte</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Standard deviation</source>
        <translation>Standardabweichung</translation>
    </message>
    <message>
        <source>Excess kurtosis</source>
        <translation>Exzess-Kurtosis</translation>
    </message>
    <message>
        <source>max |x|</source>
        <translation>max |x|</translation>
    </message>
    <message>
        <source>max |x| / std</source>
        <translation>max |x| / Std.-Abw.</translation>
    </message>
    <message>
        <source>Zero fraction</source>
        <translation>Anteil der Nullen</translation>
    </message>
    <message>
        <source>NaN / Inf</source>
        <translation>NaN / Inf</translation>
    </message>
    <message>
        <source>Percentiles</source>
        <translation>Perzentile</translation>
    </message>
    <message>
        <source>Output channels</source>
        <translation>Ausgabekanäle</translation>
    </message>
    <message>
        <source>%1 %2, %3</source>
        <translation>%1 %2, %3</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>wird berechnet…</translation>
    </message>
    <message>
        <source>%1 NaN, %2 Inf</source>
        <translation>%1 NaN, %2 Inf</translation>
    </message>
    <message>
        <source>p%1: %2</source>
        <translation>p%1: %2</translation>
    </message>
    <message>
        <source>%1 (axis %2); max |x| per channel from %3 to %4</source>
        <translation>%1 (Achse %2); max |x| je Kanal von %3 bis %4</translation>
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
        <translation>n. v.</translation>
    </message>
    <message>
        <source>Not applicable: %1</source>
        <translation>Nicht anwendbar: %1</translation>
    </message>
    <message>
        <source>→%1 %2</source>
        <translation>→%1 %2</translation>
    </message>
    <message>
        <source>%1 with %2
relative MSE %3, SQNR %4 dB, cosine %5
%6 bits per weight</source>
        <translation>%1 mit %2
relativer MSE %3, SQNR %4 dB, Kosinus %5
%6 Bits pro Gewicht</translation>
    </message>
    <message>
        <source>llama.cpp&apos;s fallback: rows of %1 values cannot hold %2 blocks, so llama-quantize writes %3</source>
        <translation>Ausweichtyp von llama.cpp: Zeilen mit %1 Werten fassen keine %2-Blöcke, daher schreibt llama-quantize %3</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
</context>
<context>
    <name>ql::TableCopy</name>
    <message>
        <source>Copy as TSV</source>
        <translation>Als TSV kopieren</translation>
    </message>
</context>
<context>
    <name>ql::TensorTreeModel</name>
    <message>
        <source>Optimizer state</source>
        <translation>Optimierer-Zustand</translation>
    </message>
    <message>
        <source>Model-level tensors</source>
        <translation>Tensoren des ganzen Modells</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>%1
role: %2, layout: %3</source>
        <translation>%1
Rolle: %2, Anordnung: %3</translation>
    </message>
    <message>
        <source>[in, out] (output channel last)</source>
        <translation>[in, out] (Ausgabekanal zuletzt)</translation>
    </message>
    <message>
        <source>[out, in] (output channel first)</source>
        <translation>[out, in] (Ausgabekanal zuerst)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Std</source>
        <translation>Std.-Abw.</translation>
    </message>
    <message>
        <source>Kurtosis</source>
        <translation>Kurtosis</translation>
    </message>
    <message>
        <source>max|x|/std</source>
        <translation>max|x|/Std.</translation>
    </message>
</context>
<context>
    <name>ql::TensorWorker</name>
    <message>
        <source>Not enough memory to read the tensor.</source>
        <translation>Nicht genug Speicher, um den Tensor zu lesen.</translation>
    </message>
</context>
<context>
    <name>ql::TextSourceWidget</name>
    <message>
        <source>SentencePiece (llama), %1 tokens</source>
        <translation>SentencePiece (llama), %1 Tokens</translation>
    </message>
    <message>
        <source>byte-level BPE (gpt2, pre-tokenizer %1), %2 tokens, %3 merges</source>
        <translation>Byte-BPE (gpt2, Vor-Tokenizer %1), %2 Tokens, %3 Merges</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Sequences sampled from the model</source>
        <translation>Aus dem Modell gezogene Sequenzen</translation>
    </message>
    <message>
        <source>Text file</source>
        <translation>Textdatei</translation>
    </message>
    <message>
        <source>Typed text</source>
        <translation>Eingegebener Text</translation>
    </message>
    <message>
        <source>Language models are evaluated on text cut into chunks by their own tokenizer, as llama-perplexity does</source>
        <translation>Sprachmodelle werden auf Text bewertet, den ihr eigener Tokenizer in Abschnitte teilt, wie llama-perplexity es tut</translation>
    </message>
    <message>
        <source>a UTF-8 text file, e.g. wikitext-2&apos;s wiki.test.raw</source>
        <translation>eine UTF-8-Textdatei, z. B. wiki.test.raw aus wikitext-2</translation>
    </message>
    <message>
        <source>Type or paste the text to evaluate on</source>
        <translation>Text für die Bewertung eingeben oder einfügen</translation>
    </message>
    <message>
        <source>Tokens per chunk (llama-perplexity&apos;s --ctx-size); the text needs at least twice as many</source>
        <translation>Tokens je Abschnitt (--ctx-size von llama-perplexity); der Text braucht mindestens doppelt so viele</translation>
    </message>
    <message>
        <source>The line whose tokens are shown</source>
        <translation>Die Zeile, deren Tokens gezeigt werden</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Tokens per chunk</source>
        <translation>Tokens je Abschnitt</translation>
    </message>
    <message>
        <source>Show line</source>
        <translation>Zeile zeigen</translation>
    </message>
    <message>
        <source>Building the model&apos;s tokenizer…</source>
        <translation>Der Tokenizer des Modells wird gebaut…</translation>
    </message>
    <message>
        <source>the typed text</source>
        <translation>der eingegebene Text</translation>
    </message>
    <message>
        <source>Text to evaluate on</source>
        <translation>Text für die Bewertung</translation>
    </message>
    <message>
        <source>Text files (*.txt *.raw *.md);;All files (*)</source>
        <translation>Textdateien (*.txt *.raw *.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Open a language model to evaluate it on text.</source>
        <translation>Ein Sprachmodell öffnen, um es auf Text zu bewerten.</translation>
    </message>
    <message>
        <source>Sequences sampled from the model still work.</source>
        <translation>Aus dem Modell gezogene Sequenzen funktionieren weiterhin.</translation>
    </message>
    <message>
        <source>Tokenizer: %1. The judge runs on 8 sequences of 64 tokens sampled from the full-precision model.</source>
        <translation>Tokenizer: %1. Die Bewertung läuft auf 8 Sequenzen zu 64 Tokens, gezogen aus dem Modell in voller Genauigkeit.</translation>
    </message>
    <message>
        <source>Choose a text file.</source>
        <translation>Eine Textdatei auswählen.</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Die Datei wird gelesen…</translation>
    </message>
    <message>
        <source>Tokenizer: %1. The text is tokenized whole (BOS first) and cut into chunks of %2 tokens, each starting with BOS, as llama-perplexity does.</source>
        <translation>Tokenizer: %1. Der Text wird als Ganzes tokenisiert (zuerst BOS) und in Abschnitte zu %2 Tokens geteilt, jeder beginnt mit BOS, wie llama-perplexity es tut.</translation>
    </message>
    <message>
        <source>Tokenizer: %1. The text is tokenized whole and cut into chunks of %2 tokens, as llama-perplexity does (this vocabulary adds no BOS).</source>
        <translation>Tokenizer: %1. Der Text wird als Ganzes tokenisiert und in Abschnitte zu %2 Tokens geteilt, wie llama-perplexity es tut (dieses Vokabular fügt kein BOS hinzu).</translation>
    </message>
</context>
<context>
    <name>ql::TokensModel</name>
    <message>
        <source>control</source>
        <translation>Steuerung</translation>
    </message>
    <message>
        <source>user-defined</source>
        <translation>benutzerdefiniert</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>byte</source>
        <translation>Byte</translation>
    </message>
    <message>
        <source>unused</source>
        <translation>unbenutzt</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
</context>
<context>
    <name>ql::TokensView</name>
    <message>
        <source>No tokenizer: the tokens of a line show here once the model&apos;s tokenizer is built.</source>
        <translation>Kein Tokenizer: Die Tokens einer Zeile erscheinen hier, sobald der Tokenizer des Modells gebaut ist.</translation>
    </message>
    <message>
        <source> (the line&apos;s first %1 bytes)</source>
        <translation> (die ersten %1 Bytes der Zeile)</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) in this line%1, without BOS</source>
        <translation>
            <numerusform>%n Token in dieser Zeile%1, ohne BOS</numerusform>
            <numerusform>%n Tokens in dieser Zeile%1, ohne BOS</numerusform>
        </translation>
    </message>
</context>
</TS>
